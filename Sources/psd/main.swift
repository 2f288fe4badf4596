import PSDNotebook
import PSDLineEdit
print("psd: not built yet")
