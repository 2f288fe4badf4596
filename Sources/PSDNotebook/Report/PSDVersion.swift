/// The psd version printed by `psd --version` and in report headers.
package enum PSDVersion {
  package static let current = "0.1.0"
}
