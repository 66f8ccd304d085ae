; Inno Setup 6 script for cpdesk: installs the PyInstaller one-folder build (dist\cpdesk).
;
;   python installer\write_version_info.py                 (version.iss, from pyproject.toml)
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\cpdesk.iss
;   -> dist\cpdesk-<version>-setup.exe
;
; Per-user by default: no administrator prompt, installed to %LOCALAPPDATA%\Programs\cpdesk,
; file type and shortcuts under HKCU and the user's own Start menu. Started as administrator
; with /ALLUSERS (or by choosing "Install for all users" in the first dialog) it installs into
; Program Files for every user, file type under HKLM: what AppLocker or WDAC estates that only
; allow Program Files need. Silent switches for IT are in docs/installer.md.
;
; Uninstalling removes the program folder, shortcuts and the .cpdesk file type; it never
; touches a user's workspaces (.cpdesk files are wherever they saved them) or settings
; (%APPDATA%\cpdesk and %LOCALAPPDATA%\cpdesk).
;
; Signing (optional): define a sign tool named "cpdesksign" on the ISCC command line, e.g.
;   ISCC /DSign "/Scpdesksign=signtool.exe sign /fd sha256 /tr <timestamp URL> /td sha256 /a $f" installer\cpdesk.iss
; and sign dist\cpdesk\cpdesk.exe with the same certificate before compiling (docs/installer.md).
;
; /DSourceDir=<folder> takes the build from another folder (installer/check_windows.sh does).

; AppName, AppVersion (text, e.g. 0.2.0rc1), AppVersionNumeric (four numbers, e.g. 0.2.0.0, which
; Windows' version resources need), AppPublisher and AppDescription, from pyproject.toml.
#include "version.iss"
#ifndef SourceDir
  #define SourceDir "..\dist\cpdesk"
#endif
#define AppExe "cpdesk.exe"
#define ProgId "cpdesk.workspace"

[Setup]
; The AppId identifies cpdesk to Windows across versions: never change it.
AppId={{6F3A2C1E-8B47-4D59-A2E6-3C91B0D7E514}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
AppComments={#AppDescription}
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoTextVersion={#AppVersion}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoCompany={#AppPublisher}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Windows 10 1703 (build 15063) or later: Qt 6.11 needs the ICU that Windows carries since then.
MinVersion=10.0.15063
OutputDir=..\dist
OutputBaseFilename=cpdesk-{#AppVersion}-setup
SetupIconFile=..\resources\icons\cpdesk.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
RestartApplications=no
SetupLogging=yes
#ifdef Sign
SignTool=cpdesksign
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the previous version's libraries rather than mixing old and new.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Child protection performance papers"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Child protection performance papers"; Tasks: desktopicon

[Registry]
; .cpdesk workspace files open in cpdesk on double-click. HKA is HKCU\Software\Classes for a
; per-user install and HKLM\Software\Classes for an all-users one.
Root: HKA; Subkey: "Software\Classes\.cpdesk"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\.cpdesk\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "cpdesk workspace"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cpdesk"; ValueData: ""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder: files cpdesk's own libraries may have left there (caches).
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
