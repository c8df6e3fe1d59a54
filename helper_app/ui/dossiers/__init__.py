"""Dossier screens: the paged list, the new-dossier dialog, and the dossier window."""
