"""Widgets, dialogs and plots. The only layer that may import QtWidgets."""
