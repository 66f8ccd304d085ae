# cpdesk's own hook for lxml, in place of the generic one (which lists every lxml submodule as a
# hidden import): python-docx needs lxml.etree only, and lxml.html, objectify, isoschematron,
# sax and cssselect are excluded in installer/cpdesk.spec, so listing them only made PyInstaller
# warn "Hidden import lxml.html... not found" a dozen times. lxml.etree's own hook adds what
# etree imports from C (lxml._elementpath).
hiddenimports = ["lxml.etree"]
