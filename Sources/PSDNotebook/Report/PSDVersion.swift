/// The psd version printed by `psd --version` and in report headers.
public enum PSDVersion {
  public static let current = "0.1.0"
}
