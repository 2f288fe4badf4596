import CEditLine
import PSDNotebook
public enum LineEditPlaceholder {}
