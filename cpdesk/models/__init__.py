"""Qt item models over the domain (QtCore/QtGui only, never QtWidgets)."""
