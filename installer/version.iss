; Written by installer/write_version_info.py from pyproject.toml; do not edit by hand.
#define AppVersion "0.1.0"
#define AppVersionNumeric "0.1.0.0"
#define AppName "cpdesk"
#define AppPublisher "cpdesk contributors"
#define AppDescription "Offline child protection performance papers for English councils"
