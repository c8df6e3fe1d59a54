"""The dossier editor built from a procedure definition: one widget per field type.

:mod:`~helper_app.ui.form.base` holds the field-widget contract, the per-type modules hold the
widgets, :mod:`~helper_app.ui.form.factory` picks one per field, and
:mod:`~helper_app.ui.form.editor` assembles sections, live relevance and inline problems.
"""
