# Replaces the contrib hook for lxml, which collects every submodule: pyHanko uses lxml.etree
# only (lxml.objectify and lxml.html alone are 3.7 MB).
hiddenimports = ["lxml.etree", "lxml._elementpath"]
