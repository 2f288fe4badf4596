// bureau.csv and bureau_balance.csv rows for one applicant.
// Behaviour risk b raises the chance of an overdue episode on each credit; an episode shows as
// DPD statuses 1-5 in the monthly balance, a positive AMT_CREDIT_MAX_OVERDUE and, when it is
// still running on an active credit, CREDIT_DAY_OVERDUE and AMT_CREDIT_SUM_OVERDUE.

enum BureauGenerator {
  static let consumer = Levels.creditType.index(of: "Consumer credit")
  static let card = Levels.creditType.index(of: "Credit card")
  static let car = Levels.creditType.index(of: "Car loan")
  static let mortgage = Levels.creditType.index(of: "Mortgage")
  static let microloan = Levels.creditType.index(of: "Microloan")

  static func write(
    applicantId: Int, core: ApplicantCore, firstBureauId: Int, maxMonths: Int,
    rng: inout SynthRNG, bureau out: inout CSVBuffer, balance: inout CSVBuffer
  ) {
    let b = core.behaviourRisk
    let episodeChance = SynthMath.sigmoid(-3.1 + 1.15 * b)
    for j in 0..<core.bureauCount {
      let bureauId = firstBureauId + j
      var type = Levels.creditType.sampleIndex(&rng)
      if type == consumer && rng.chance(0.02 * SynthMath.clamp(b, 0, 3)) { type = microloan }
      let daysCredit = -(rng.chance(0.5) ? rng.int(1, 2922) : min(1 + Int(rng.exponential(mean: 650)), 2922))
      var duration: Double
      switch type {
      case card: duration = rng.chance(0.15) ? Double(rng.int(10000, 31000)) : rng.logNormal(median: 1100, sigma: 0.5)
      case car: duration = rng.logNormal(median: 1800, sigma: 0.3)
      case mortgage: duration = rng.logNormal(median: 5000, sigma: 0.4)
      case microloan: duration = rng.logNormal(median: 60, sigma: 0.6)
      default: duration = rng.logNormal(median: 420, sigma: 0.65)
      }
      let endDate = daysCredit + Int(duration)
      // Closed when planned end has passed (mostly), a few closed early; some still open late.
      var closed = endDate < 0 ? rng.chance(0.93) : rng.chance(0.12)
      let episode = rng.chance(episodeChance)
      var worstBucket = 0
      if episode {
        worstBucket = 1
        let severity = 0.10 + 0.10 * SynthMath.clamp(b, 0, 3)
        while worstBucket < 5 && rng.chance(severity) { worstBucket += 1 }
      }
      var status = closed ? 2 : 0  // Closed / Active
      if episode && worstBucket >= 4 && rng.chance(0.25) { status = rng.chance(0.99) ? 3 : 1; closed = false }
      let factDate: Int? = status == 2 ? min(max(min(endDate, -1) + rng.int(-90, 30), daysCredit), -1) : nil
      let ongoing = episode && status != 2 && rng.chance(0.35)
      let dayOverdue = ongoing ? min(1 + rng.int(0, worstBucket * 30), -daysCredit) : 0

      let sum: Double
      if type == card {
        sum = Double(rng.int(1, 30)) * 22500 * (rng.chance(0.1) ? 0 : 1)
      } else {
        let raw = rng.logNormal(
          median: type == mortgage ? 2_000_000 : type == car ? 700_000 : type == microloan ? 20000 : 120000, sigma: 0.8)
        sum = rng.chance(0.7) ? (raw / 4.5).rounded() * 4.5 : (raw * 100).rounded() / 100
      }
      out.int(applicantId)
      out.int(bureauId)
      out.level(Levels.creditActive[status])
      out.level(Levels.currency.encoded[Levels.currency.sampleIndex(&rng)])
      out.int(daysCredit)
      out.int(dayOverdue)
      if rng.chance(0.061) { out.missing() } else { out.floatInt(endDate) }
      out.floatInt(factDate)
      // AMT_CREDIT_MAX_OVERDUE
      if episode {
        out.fixed((sum * 0.02 * Double(worstBucket) * (0.5 + rng.uniform()) * 100).rounded() / 100 + 1, 2)
      } else if rng.chance(0.655) {
        out.missing()
      } else {
        out.fixed(0.0, 1)
      }
      out.int(rng.chance(0.995) ? 0 : 1 + rng.geometric(mean: 0.3))
      if rng.chance(0.00001) { out.missing() } else { out.fixed(sum, 3) }
      // AMT_CREDIT_SUM_DEBT and AMT_CREDIT_SUM_LIMIT
      var debt = 0.0
      if status != 2 {
        let utilisation =
          type == card
          ? SynthMath.clamp(SynthMath.sigmoid(-0.6 + 0.9 * b + 0.8 * rng.normal()), 0, 1.05)
          : SynthMath.clamp(Double(max(endDate, 0)) / max(duration, 1), 0, 1) * (0.8 + 0.2 * rng.uniform())
        debt = (sum * utilisation * 1000).rounded() / 1000
      }
      if rng.chance(0.15) { out.missing() } else { out.fixed(debt, 3) }
      if rng.chance(0.345) {
        out.missing()
      } else if type == card && status != 2 {
        out.fixed(max(sum - debt, 0), 3)
      } else {
        out.fixed(0.0, 1)
      }
      out.fixed(ongoing ? (debt * 0.05 * Double(worstBucket) * 100).rounded() / 100 : 0.0, 2)
      out.level(Levels.creditType.encoded[type])
      let update: Int
      if let factDate {
        update = min(factDate + rng.int(0, 60), -1)
      } else {
        update = -min(Int(rng.exponential(mean: 25)), -daysCredit)
      }
      out.int(max(update, daysCredit))
      if rng.chance(0.715) {
        out.missing()
      } else {
        out.fixed(status == 2 ? 0.0 : (sum / max(duration / 30, 1) * 100).rounded() / 100, 2)
      }
      out.endRow()

      // Monthly statuses, counting back from -1 to the month the credit opened.
      guard rng.chance(SynthTuning.bureauBalanceShare) else { continue }
      // Reporting sometimes starts a few months after the credit opened.
      let openMonth = -(-daysCredit / 30) - 1 + (rng.chance(0.25) ? rng.int(1, 12) : 0)
      let oldest = max(openMonth, -96, -maxMonths)
      if oldest > -1 { continue }
      let closedMonth = factDate.map { -(-$0 / 30) - 1 } ?? 1
      // Episode placement: a window of months with climbing DPD buckets.
      var episodeStart = 0, episodeEnd = 0
      if episode {
        let span = -oldest
        let lastActive = min(closedMonth - 1, -1)
        let start = lastActive - (ongoing ? 0 : rng.int(0, max(span - 1, 0)))
        episodeEnd = ongoing ? -1 : max(start, oldest)
        episodeStart = max(episodeEnd - worstBucket - rng.int(0, 2), oldest)
      }
      var unknownRun = 0
      var month = -1
      while month >= oldest {
        var s: Int
        if month > closedMonth - 1 && closedMonth <= -1 {
          s = 6  // C
        } else if episode && month <= episodeEnd && month >= episodeStart {
          s = min(worstBucket, 1 + (month - episodeStart))
        } else {
          if unknownRun > 0 {
            unknownRun -= 1
            s = 7
          } else if rng.chance(0.035) {
            unknownRun = rng.int(1, 8)
            s = 7
          } else {
            s = 0
          }
        }
        balance.int(bureauId)
        balance.int(month)
        balance.level(Levels.bureauStatus[s])
        balance.endRow()
        month -= 1
      }
    }
  }
}
