"""cpdesk: offline child protection performance papers for English councils."""
__version__ = "0.1.0"
