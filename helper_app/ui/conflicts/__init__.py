"""The "Xung đột" screen and the per-dossier dialog to choose between "yours" and "server"."""
