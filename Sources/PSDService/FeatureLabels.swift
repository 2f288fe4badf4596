/// Readable labels and units for feature names, from the Home Credit naming conventions
/// (AMT_ amounts, DAYS_ days before the application, CNT_ counts, FLAG_ 0/1 flags, and the
/// side-table prefixes psd's aggregate names carry). Unknown names read as lower-case words.
package enum FeatureLabels {
  static let known: [String: (String, String?)] = [
    "EXT_SOURCE_1": ("external credit score 1", "score 0–1"),
    "EXT_SOURCE_2": ("external credit score 2", "score 0–1"),
    "EXT_SOURCE_3": ("external credit score 3", "score 0–1"),
    "AMT_INCOME_TOTAL": ("annual income", "currency"),
    "AMT_CREDIT": ("credit amount", "currency"),
    "AMT_ANNUITY": ("loan annuity", "currency"),
    "AMT_GOODS_PRICE": ("price of the goods", "currency"),
    "DAYS_BIRTH": ("age", "days before the application"),
    "DAYS_EMPLOYED": ("time employed", "days before the application"),
    "CODE_GENDER": ("gender", nil),
    "NAME_CONTRACT_TYPE": ("contract type", nil),
    "NAME_INCOME_TYPE": ("income type", nil),
    "NAME_EDUCATION_TYPE": ("education", nil),
    "NAME_FAMILY_STATUS": ("family status", nil),
    "CNT_CHILDREN": ("number of children", "count"),
    "CREDIT_INCOME": ("credit to income ratio", "ratio"),
    "ANNUITY_INCOME": ("annuity to income ratio", "ratio")
  ]
  static let prefixes: [(String, String)] = [
    ("BURO_", "credit bureau: "), ("PREV_", "previous applications: "), ("POS_", "POS and cash loans: "),
    ("CC_", "credit cards: "), ("INSTAL_", "instalments: "), ("BB_", "bureau balance: ")
  ]
  static let words: [String: String] = [
    "AMT": "amount", "CNT": "count", "DAYS": "days", "EXT": "external", "DEF": "defaults", "OBS": "observed",
    "FAM": "family", "REG": "registration", "CURR": "current", "PREV": "previous", "NUM": "number",
    "INSTAL": "instalment", "DPD": "days past due", "SK": "", "ID": "id", "AVG": "average", "MEDI": "median",
    "MODE": "mode", "REQ": "requests", "BUREAU": "bureau", "HOUR": "hour", "MON": "month", "QRT": "quarter"
  ]

  /// (label, unit) for a feature name.
  package static func describe(_ name: String) -> (label: String, unit: String?) {
    if let k = known[name] { return k }
    var rest = Substring(name), prefix = ""
    for (p, text) in prefixes where rest.hasPrefix(p) {
      rest = rest.dropFirst(p.count); prefix = text; break
    }
    if let k = known[String(rest)] { return (prefix + k.0, k.1) }
    let tokens = rest.split(separator: "_").map(String.init)
    let label = tokens.compactMap { t -> String? in
      let w = words[t] ?? t.lowercased()
      return w.isEmpty ? nil : w
    }.joined(separator: " ")
    let unit: String?
    if tokens.contains("AMT") {
      unit = "currency"
    } else if tokens.first == "DAYS" || tokens.contains("DAYS") {
      unit = "days"
    } else if tokens.first == "CNT" || tokens.last == "COUNT" {
      unit = "count"
    } else if tokens.first == "FLAG" {
      unit = "0/1"
    } else {
      unit = nil
    }
    return (prefix + label, unit)
  }
}
