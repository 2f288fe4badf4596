import Foundation

/// Figures quoted in the docs' prose, checked against what psd printed. The docs tell trainers and
/// analysts "psd prints 0.7110"; when the data or a model changes, such sentences go stale without
/// any code block failing. These helpers find the numbers in prose and in output and match them.

/// One number as written: in prose (`−15,309`, `0.7110`, `15.83 %`) or in psd's output.
struct QuotedNumber: Equatable {
  /// As written, sign included.
  var text: String
  /// Without sign and thousands commas: "15309", "0.7110".
  var digits: String
  /// "-" or "+" when written with a sign, nil otherwise.
  var sign: Character?
  /// Digits after the decimal point.
  var decimals: Int
  /// Digits without leading zeros: 0.0729 has 3, 8.0 has 2.
  var significantDigits: Int
  /// The number's absolute value.
  var magnitude: Double
  /// 1-based line in the text it was found in.
  var line: Int
}

/// Numbers in `text`, except digits inside names (`EXT_SOURCE_2`), versions (`6.3.1`) and option
/// values written `name=value` (a command's input, not a figure).
func quotedNumbers(in text: String) -> [QuotedNumber] {
  // A number starts after something that is not a letter, digit, `_`, `.` or `=`; it may carry a
  // sign (ASCII or the typographic minus), thousands commas and decimals, and is not followed by
  // a digit or `.digit`.
  let pattern = #"(?<![\p{L}\p{N}_.=])([-−+]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\p{N}_]|\.\d)"#
  let regex = try! NSRegularExpression(pattern: pattern)
  var result: [QuotedNumber] = []
  for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let ns = String(line) as NSString
    for match in regex.matches(in: String(line), range: NSRange(location: 0, length: ns.length)) {
      let signText = ns.substring(with: match.range(at: 1))
      let integer = ns.substring(with: match.range(at: 2)).replacingOccurrences(of: ",", with: "")
      let fraction = match.range(at: 3).location == NSNotFound ? "" : ns.substring(with: match.range(at: 3))
      let digits = integer + fraction
      let significant = digits.replacingOccurrences(of: ".", with: "").drop { $0 == "0" }.count
      result.append(
        QuotedNumber(
          text: ns.substring(with: match.range), digits: digits,
          sign: signText.isEmpty ? nil : (signText == "+" ? "+" : "-"),
          decimals: max(0, fraction.count - 1), significantDigits: significant,
          magnitude: Double(digits) ?? .nan, line: index + 1))
    }
  }
  return result
}

/// The figures a reader would check: every number with a decimal point, and every whole number of
/// 100 or more (counts, costs, client ids). Small whole numbers are too often lesson numbers, bins,
/// percentages from the text's own reasoning or option values to be checked this way.
func checkedFigures(in prose: String) -> [QuotedNumber] {
  quotedNumbers(in: prose).filter { $0.decimals > 0 || $0.magnitude >= 100 }
}

/// Whether `figure` is one of `printed`: the same number (0.5 for 0.5000, 10,000 for 10000), or,
/// for a figure with at least three significant digits, a printed number with more decimals
/// rounded (0.412 for 0.411803, −16,787 for -16786.6). Shorter figures (0.5, 8.0, 0.25) must be
/// printed as such: rounding would let them match almost anything. A figure written with a sign
/// must match the printed sign; one written without a sign may quote a negative number's size.
func isPrinted(_ figure: QuotedNumber, in printed: [QuotedNumber]) -> Bool {
  printed.contains { number in
    if figure.sign == "-" && number.sign != "-" { return false }
    if figure.sign == "+" && number.sign == "-" { return false }
    if number.magnitude == figure.magnitude && number.decimals >= figure.decimals { return true }
    guard figure.significantDigits >= 3, number.decimals > figure.decimals else { return false }
    let halfUnit = 0.5 * pow(10, -Double(figure.decimals))
    return abs(number.magnitude - figure.magnitude) <= halfUnit * (1 + 1e-9)
  }
}

/// The markdown with the lines of fenced code blocks (```...```) blanked: the prose, inline code
/// spans and tables included, line numbers kept.
func proseLines(of markdown: String) -> [String] {
  var inFence = false
  return markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line in
    if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
      inFence.toggle()
      return ""
    }
    return inFence ? "" : String(line)
  }
}
