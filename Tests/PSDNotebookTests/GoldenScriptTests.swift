import Testing
import PSDTestSupport

/// Every Tests/GoldenScripts/*.psd prints what its `#> ` / `#! ` comments expect (the runner and
/// the format are in PSDTestSupport's GoldenScript; PSD_UPDATE_GOLDEN=1 rewrites them).
@Test(arguments: GoldenScript.files())
func goldenScript(_ name: String) throws {
  if let difference = try GoldenScript.check(name) {
    Issue.record(Comment(rawValue: difference))
  }
}
