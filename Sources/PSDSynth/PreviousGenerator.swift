// previous_application.csv and the three histories that hang off it:
// POS_CASH_balance (monthly, instalment loans), installments_payments (one row per instalment
// due, paid or missed) and credit_card_balance (monthly, cards).
// Behaviour risk b raises refusals, late and partial instalment payments, missed payments,
// DPD months and card utilisation.

struct PreviousOutput {
  var previous = CSVBuffer()
  var pos = CSVBuffer()
  var instalments = CSVBuffer()
  var cards = CSVBuffer()
}

enum PreviousGenerator {
  static let dayPerMonth = 30.4375

  static func write(
    applicantId: Int, core: ApplicantCore, record: ApplicationRecord, firstPreviousId: Int,
    maxMonths: Int, rng: inout SynthRNG, into out: inout PreviousOutput
  ) {
    let b = core.behaviourRisk
    let refuseChance = SynthMath.sigmoid(-1.85 + 0.85 * b)
    // Per-client payment habits: the late-payment propensity varies around b.
    let lateChance = SynthMath.sigmoid(-2.7 + 0.95 * b + 0.35 * rng.normal())
    let partialChance = SynthMath.sigmoid(-4.6 + 1.0 * b)
    let missChance = SynthMath.sigmoid(-8.6 + 1.5 * b)
    let earlyDaysMean = 6.0 + 6 * rng.uniform()
    let oldestDay = -Int(Double(min(maxMonths, 96)) * dayPerMonth)

    for j in 0..<core.previousCount {
      let prevId = firstPreviousId + j
      let typeRoll = rng.uniform()
      let type = typeRoll < 0.448 ? 0 : typeRoll < 0.885 ? 1 : typeRoll < 0.9998 ? 2 : 3
      let statusRoll = rng.uniform()
      var status: Int
      if statusRoll < refuseChance {
        status = 2
      } else if statusRoll < refuseChance + 0.19 {
        status = 1
      } else if type == 1 && statusRoll < refuseChance + 0.225 {
        status = 3
      } else {
        status = 0
      }
      if type == 3 { status = 1 }
      let canceled = status == 1
      // Cards tend to be older products than instalment loans.
      let recentShare = type == 2 ? 0.3 : 0.55
      let decision = -(rng.chance(recentShare) ? 1 + min(Int(rng.exponential(mean: 550)), 2921) : rng.int(1, 2922))

      // Amounts and terms by product.
      var application = 0.0, credit = 0.0
      var annuity: Double? = nil, goods: Double? = nil, down: Double? = nil, downRate: Double? = nil
      var term: Int? = nil
      var yield = 0  // XNA
      var product = 0  // XNA
      var combination = 2  // Cash
      var portfolio = 4  // XNA
      var purpose: [UInt8] = Levels.purposeFixed[1]
      var goodsCategory: [UInt8] = Levels.goodsXNA[0]
      var seller = 10  // XNA
      var sellerArea = -1
      var paymentType = 3  // XNA
      var channel: [UInt8]
      switch type {
      case 0:
        channel = Levels.cashChannel.encoded[Levels.cashChannel.sampleIndex(&rng)]
        let walkIn = rng.chance(0.25)
        if canceled {
          combination = 2
        } else {
          application = max((rng.logNormal(median: 225000, sigma: 0.8) / 4500).rounded() * 4500, 22500)
          credit = (application * (1 + 0.12 * rng.uniform()) / 4.5).rounded() * 4.5
          goods = application
          let t = [6, 12, 12, 12, 18, 24, 24, 30, 36, 60][rng.int(0, 9)]
          term = t
          let rate = 0.012 + 0.02 * rng.uniform()
          yield = rate > 0.026 ? 1 : rate > 0.019 ? 4 : rng.chance(0.3) ? 2 : 3
          annuity =
            ((credit * rate / (1 - SynthMath.exp(-Double(t) * SynthMath.log(1 + rate)))) * 1000).rounded() / 1000
          product = walkIn ? 1 : 2
          let level = yield == 1 ? 0 : yield == 4 ? 2 : 1  // high, low, middle
          combination = (walkIn ? 3 : 6) + [0, 1, 2][level]
          portfolio = 2
          purpose = walkIn ? Levels.cashPurpose.encoded[Levels.cashPurpose.sampleIndex(&rng)] : Levels.purposeFixed[1]
          paymentType = rng.chance(0.8) ? 0 : 3
        }
      case 1:
        channel = Levels.posChannel.encoded[Levels.posChannel.sampleIndex(&rng)]
        purpose = Levels.purposeFixed[0]
        let category = Levels.goodsCategory.sampleIndex(&rng)
        goodsCategory = Levels.goodsCategory.encoded[category]
        seller =
          category == 0
          ? 2 : category == 4 ? 5 : category == 6 ? 3 : category == 7 ? 1 : category == 12 ? 0 : rng.chance(0.9) ? 4 : 6
        sellerArea = rng.chance(0.05) ? -1 : min(1 + Int(rng.exponential(mean: 300)), 4000)
        application = max((rng.logNormal(median: 60000, sigma: 0.85) / 4.5).rounded() * 4.5, 4500)
        goods = application
        let hasDown = rng.chance(0.6)
        let downAmount = hasDown && rng.chance(0.45) ? ((application * 0.25 * rng.uniform()) / 4.5).rounded() * 4.5 : 0
        if hasDown { down = downAmount; downRate = downAmount / application * (1 + 0.05 * rng.uniform()) }
        credit = ((application - downAmount) * (1 + 0.1 * rng.uniform()) / 4.5).rounded() * 4.5
        let t = [6, 6, 8, 10, 10, 12, 12, 12, 18, 24][rng.int(0, 9)]
        term = t
        let withInterest = rng.chance(0.78)
        let rate = withInterest ? 0.015 + 0.025 * rng.uniform() : 0.0
        yield = withInterest ? (rate > 0.03 ? 1 : rate > 0.022 ? 4 : 3) : 2
        annuity =
          rate > 0
          ? ((credit * rate / (1 - SynthMath.exp(-Double(t) * SynthMath.log(1 + rate)))) * 1000).rounded() / 1000
          : ((credit / Double(t)) * 1000).rounded() / 1000
        let family =
          category == 0
          ? 13 : (category == 4 || category == 6 || category == 14) ? 11 : (category <= 3 || category == 5) ? 9 : 15
        combination = withInterest ? family : (family == 15 ? 16 : family + 1)
        portfolio = category == 12 ? 1 : 3
        paymentType = rng.chance(0.93) ? 0 : rng.chance(0.9) ? 2 : 1
        if canceled { annuity = nil; term = nil; yield = 0; portfolio = 4 }
        if status == 3 { annuity = nil; term = nil; yield = 0; portfolio = 4 }
      case 2:
        channel = Levels.cashChannel.encoded[Levels.cashChannel.sampleIndex(&rng)]
        purpose = Levels.purposeFixed[0]
        let walkIn = rng.chance(0.55)
        combination = walkIn ? 0 : 1
        if !canceled {
          application = Double(rng.int(2, 30)) * 22500
          credit = application
          goods = application
          annuity = application * 0.05
          term = 0
          portfolio = 0
          product = walkIn ? 1 : 2
        }
      default:
        channel = Levels.cashChannel.encoded[0]
      }
      if canceled {
        annuity = nil; goods = nil; down = nil; downRate = nil; term = nil; application = type == 1 ? application : 0;
        credit = type == 1 ? credit : 0
      }

      out.previous.int(prevId)
      out.previous.int(applicantId)
      out.previous.level(Levels.prevContract[type])
      out.previous.fixed(annuity, 3)
      out.previous.fixed(application, 3)
      out.previous.fixed(credit, 3)
      out.previous.fixed(down, 3)
      out.previous.fixed(goods, 3)
      out.previous.level(Levels.weekday.encoded[Levels.weekday.sampleIndex(&rng)])
      out.previous.int(min(max(Int(rng.normal(12, 3.3).rounded()), 0), 23))
      out.previous.level(Levels.yesNo[rng.chance(0.995) ? 1 : 0])
      out.previous.int(rng.chance(0.9965) ? 1 : 0)
      out.previous.fixed(downRate, 15)
      if type == 1 && rng.chance(0.008) {
        out.previous.fixed(0.03 + 0.2 * rng.uniform(), 15)
        out.previous.fixed(0.37 + 0.5 * rng.uniform(), 15)
      } else {
        out.previous.missing(); out.previous.missing()
      }
      out.previous.level(purpose)
      out.previous.level(Levels.prevStatus[status])
      out.previous.int(decision)
      out.previous.level(Levels.paymentType[paymentType])
      if status == 2 {
        out.previous.level(Levels.rejectReason.encoded[Levels.rejectReason.sampleIndex(&rng)])
      } else if status == 3 {
        out.previous.level(Levels.rejectFixed[1])
      } else {
        out.previous.level(Levels.rejectFixed[0])
      }
      if rng.chance(0.491) {
        out.previous.missing()
      } else {
        out.previous.level(Levels.typeSuite.encoded[Levels.typeSuite.sampleIndex(&rng)])
      }
      out.previous.level(Levels.clientType.encoded[Levels.clientType.sampleIndex(&rng)])
      out.previous.level(goodsCategory)
      out.previous.level(Levels.portfolio[portfolio])
      out.previous.level(Levels.productType[product])
      out.previous.level(channel)
      out.previous.int(sellerArea)
      out.previous.level(Levels.sellerIndustry[seller])
      out.previous.floatInt(term)
      out.previous.level(Levels.yieldGroup[yield])
      if rng.chance(0.0002) {
        out.previous.missing()
      } else {
        out.previous.level(Levels.productCombination[combination])
      }

      // Dates: only approved contracts that were drawn down have them.
      let drawn = status == 0 && rng.chance(0.96)
      if !drawn {
        for _ in 0..<6 { out.previous.missing() }
        out.previous.endRow()
        continue
      }
      // Dues of contracts decided in the last month would fall after the application: clip them.
      let firstDue = min(decision + 30 + rng.int(-5, 5), -1)
      let n = term ?? 0
      if type == 2 {
        // Cards: first drawing known, dues run until closed.
        let firstDrawing = decision + rng.int(1, 40)
        let hasHistory = rng.chance(0.95)
        let stillOpen = rng.chance(0.75)
        out.previous.floatInt(min(firstDrawing, -1))
        out.previous.floatInt(rng.chance(0.3) ? 365243 : min(firstDue, -1))
        out.previous.floatInt(365243)
        out.previous.floatInt(365243)
        let termination = stillOpen ? 365243 : min(decision + rng.int(100, max(101, -decision)), -1)
        out.previous.floatInt(termination)
        out.previous.floatInt(0)
        out.previous.endRow()
        if hasHistory {
          writeCard(
            prevId: prevId, applicantId: applicantId, limit: Int(credit), openDay: decision,
            closeDay: stillOpen ? nil : termination, b: b, maxMonths: maxMonths,
            rng: &rng, cards: &out.cards, instalments: &out.instalments)
        }
        continue
      }
      let lastDueFirstVersion = firstDue + 30 * max(n - 1, 0)
      let prepaid = rng.chance(0.35)
      let lastDue =
        lastDueFirstVersion >= 0
        ? 365243 : (prepaid ? max(firstDue, lastDueFirstVersion - rng.int(0, 300)) : lastDueFirstVersion)
      let termination = lastDue == 365243 ? 365243 : lastDue + rng.int(0, 10)
      out.previous.floatInt(365243)
      out.previous.floatInt(firstDue)
      out.previous.floatInt(lastDueFirstVersion)
      out.previous.floatInt(lastDue)
      out.previous.floatInt(termination)
      out.previous.floatInt(rng.chance(type == 0 ? 0.62 : 0.2) ? 1 : 0)
      out.previous.endRow()

      writeInstalmentLoan(
        prevId: prevId, applicantId: applicantId, firstDue: firstDue, terms: max(n, 1),
        annuity: annuity ?? credit / Double(max(n, 1)), lastDue: lastDue, oldestDay: oldestDay,
        lateChance: lateChance, partialChance: partialChance, missChance: missChance,
        earlyDaysMean: earlyDaysMean, b: b, rng: &rng, out: &out)
    }
  }

  /// POS_CASH_balance months and instalment rows of one instalment loan.
  static func writeInstalmentLoan(
    prevId: Int, applicantId: Int, firstDue: Int, terms: Int, annuity: Double, lastDue: Int,
    oldestDay: Int, lateChance: Double, partialChance: Double, missChance: Double,
    earlyDaysMean: Double, b: Double, rng: inout SynthRNG, out: inout PreviousOutput
  ) {
    // Instalments due before the application date; DPD per month fed into POS.
    let paidAll = lastDue != 365243
    let dueCount = paidAll ? terms : min(terms, max(0, (-1 - firstDue) / 30 + 1))
    let effectiveTerms = paidAll ? max(1, min(terms, (lastDue - firstDue) / 30 + 1)) : terms
    var lateByInstalment = [Int](repeating: 0, count: dueCount)
    var version = 1
    let restructureAt = rng.chance(0.04 + 0.04 * SynthMath.clamp(b, 0, 2)) ? rng.int(1, max(1, dueCount)) : Int.max
    let instalmentAmount = (annuity * 1000).rounded() / 1000
    let splitChance = 0.19
    for k in 0..<min(dueCount, effectiveTerms) {
      let dueDay = firstDue + 30 * k
      if k + 1 >= restructureAt && version == 1 { version = 2 }
      var entry: Int? = nil
      var paid: Double? = nil
      if !rng.chance(missChance) {
        if rng.chance(lateChance) {
          let late = 1 + Int(rng.exponential(mean: 4 + 9 * SynthMath.clamp(b, 0, 3)))
          entry = dueDay + late
          lateByInstalment[k] = late
        } else {
          entry = dueDay - min(Int(rng.exponential(mean: earlyDaysMean)), 60)
        }
        if let e = entry, e > -1 { entry = nil }  // not yet paid at application: missing
        if entry != nil {
          paid =
            rng.chance(partialChance)
            ? ((instalmentAmount * (0.1 + 0.8 * rng.uniform())) * 1000).rounded() / 1000 : instalmentAmount
        }
      } else {
        lateByInstalment[k] = 30
      }
      guard dueDay >= oldestDay else { continue }
      let amount =
        (k == effectiveTerms - 1 && paidAll && effectiveTerms < terms)
        ? instalmentAmount * Double(terms - k) : instalmentAmount
      var payment = paid.map { $0 == instalmentAmount ? amount : $0 }
      // Some instalments are paid in two parts: an earlier partial row, then the rest.
      if let e = entry, let full = payment, rng.chance(splitChance) {
        let first = ((full * (0.2 + 0.6 * rng.uniform())) * 1000).rounded() / 1000
        out.instalments.int(prevId)
        out.instalments.int(applicantId)
        out.instalments.floatInt(version)
        out.instalments.int(k + 1)
        out.instalments.floatInt(dueDay)
        out.instalments.floatInt(e - rng.int(1, 25))
        out.instalments.fixed(amount, 3)
        out.instalments.fixed(first, 3)
        out.instalments.endRow()
        payment = ((full - first) * 1000).rounded() / 1000
      }
      out.instalments.int(prevId)
      out.instalments.int(applicantId)
      out.instalments.floatInt(version)
      out.instalments.int(k + 1)
      out.instalments.floatInt(dueDay)
      out.instalments.floatInt(entry)
      out.instalments.fixed(amount, 3)
      out.instalments.fixed(payment, 3)
      out.instalments.endRow()
    }

    // POS months: from the month of the first due to completion or -1.
    let firstMonth = -((-firstDue) / 30) - 1
    let completionMonth = paidAll ? min(-((-lastDue) / 30) - 1 + 1, -1) : -1
    let oldestMonth = max(-96, Int((Double(oldestDay) / dayPerMonth).rounded(.down)))
    var month = max(firstMonth, oldestMonth)
    // Rows run oldest to newest here but are written newest first, as in the real file's groups.
    let lastMonth = completionMonth
    if month > lastMonth { return }
    let instalmentsNaN = rng.chance(0.0026)
    var rowsMonth = lastMonth
    while rowsMonth >= month {
      let elapsed = rowsMonth - firstMonth
      let future = max(terms - elapsed, 0)
      let isCompleted = paidAll && rowsMonth == lastMonth
      var dpd = 0
      if elapsed >= 0 && elapsed < lateByInstalment.count { dpd = lateByInstalment[elapsed] }
      var statusIndex = isCompleted ? 4 : 0
      if !isCompleted && elapsed == 0 && rng.chance(0.05) { statusIndex = 7 }
      if !isCompleted && dpd >= 30 && rng.chance(0.3) { statusIndex = 5 }
      if rng.chance(0.0004) { statusIndex = [1, 2, 3, 6, 8][rng.int(0, 4)] }
      out.pos.int(prevId)
      out.pos.int(applicantId)
      out.pos.int(rowsMonth)
      if instalmentsNaN {
        out.pos.missing(); out.pos.missing()
      } else {
        out.pos.floatInt(terms); out.pos.floatInt(isCompleted ? 0 : future)
      }
      out.pos.level(Levels.posStatus[statusIndex])
      out.pos.int(dpd)
      out.pos.int(dpd > 0 && rng.chance(0.7) ? dpd : 0)
      out.pos.endRow()
      rowsMonth -= 1
    }
    month = 0
  }

  /// credit_card_balance months (and version-0 instalment rows) of one card.
  static func writeCard(
    prevId: Int, applicantId: Int, limit: Int, openDay: Int, closeDay: Int?, b: Double,
    maxMonths: Int, rng: inout SynthRNG, cards: inout CSVBuffer, instalments: inout CSVBuffer
  ) {
    let openMonth = -((-openDay) / 30) - 1
    let lastMonth = closeDay.map { min(-((-$0) / 30) - 1, -1) } ?? -1
    let oldest = max(openMonth, -96, -maxMonths)
    if oldest > lastMonth { return }
    // Utilisation level of this client on this card, and its month-to-month drift.
    let baseUtilisation = SynthMath.sigmoid(-0.9 + 1.05 * b + 0.7 * rng.normal())
    let idleStart = rng.chance(0.25) ? rng.int(1, 6) : 0  // first months without drawings breakdown
    let dpdChance = SynthMath.sigmoid(-4.2 + 1.2 * b)
    var month = lastMonth
    var matured = max(0, (lastMonth - openMonth) / 2)
    var instalmentNumber = max(1, lastMonth - openMonth)
    var dpd = 0
    while month >= oldest {
      let age = month - openMonth
      let completed = closeDay != nil && month == lastMonth
      let idle = age < idleStart
      let utilisation = completed ? 0 : SynthMath.clamp(baseUtilisation + 0.12 * rng.normal(), 0, 1.1)
      let cardLimit = completed && rng.chance(0.5) ? 0 : limit
      let balance = (Double(cardLimit) * utilisation * 1000).rounded() / 1000
      let drawATM = idle || rng.chance(0.7) ? 0.0 : Double(rng.int(1, 20)) * 2250
      let drawPOS = idle || rng.chance(0.6) ? 0.0 : (rng.exponential(mean: 8000) * 1000).rounded() / 1000
      let drawOther = 0.0
      let drawings = drawATM + drawPOS + drawOther
      let minPayment = (balance * 0.05 * 1000).rounded() / 1000
      let paidShare = SynthMath.clamp(1.3 - 0.6 * utilisation + 0.2 * rng.normal(), 0, 3)
      let payment = (minPayment * paidShare * 1000).rounded() / 1000
      if dpd > 0 { dpd = rng.chance(0.7) ? dpd + 30 : 0 } else if rng.chance(dpdChance) { dpd = rng.int(1, 20) }
      if completed { dpd = 0 }
      cards.int(prevId)
      cards.int(applicantId)
      cards.int(month)
      cards.fixed(balance, 3)
      cards.int(cardLimit)
      if idle { cards.missing() } else { cards.fixed(drawATM, 3) }
      cards.fixed(drawings, 3)
      if idle { cards.missing() } else { cards.fixed(drawOther, 3) }
      if idle { cards.missing() } else { cards.fixed(drawPOS, 3) }
      let regularityMissing = idle && rng.chance(0.4)
      if regularityMissing { cards.missing() } else { cards.fixed(minPayment, 3) }
      if idle || (payment == 0 && rng.chance(0.5)) { cards.missing() } else { cards.fixed(payment, 3) }
      cards.fixed(payment, 3)
      let principal = (balance * 0.96 * 1000).rounded() / 1000
      cards.fixed(principal, 3)
      cards.fixed(balance, 3)
      cards.fixed(balance, 3)
      if idle { cards.missing() } else { cards.floatInt(drawATM > 0 ? Int(drawATM / 22500) + 1 : 0) }
      let posCount = drawPOS > 0 ? 1 + rng.geometric(mean: 2) : 0
      cards.int((drawATM > 0 ? Int(drawATM / 22500) + 1 : 0) + posCount)
      if idle { cards.missing() } else { cards.floatInt(0) }
      if idle { cards.missing() } else { cards.floatInt(posCount) }
      if regularityMissing { cards.missing() } else { cards.floatInt(matured) }
      cards.level(Levels.cardStatus[completed ? 2 : (dpd > 60 && rng.chance(0.1) ? 3 : 0)])
      cards.int(dpd)
      cards.int(dpd > 0 && balance > 1000 ? dpd : 0)
      cards.endRow()
      if matured > 0 { matured -= 1 }

      // Card instalments (version 0): a payment row in some months.
      if payment > 0 && rng.chance(0.55) {
        let dueDay = Int((Double(month) + 0.5) * dayPerMonth)
        let late = min(dpd, 120)
        instalments.int(prevId)
        instalments.int(applicantId)
        instalments.floatInt(0)
        instalments.int(instalmentNumber)
        instalments.floatInt(dueDay)
        instalments.floatInt(min(dueDay + late, -1))
        instalments.fixed(max(minPayment, 0), 3)
        instalments.fixed(payment, 3)
        instalments.endRow()
      }
      if instalmentNumber > 1 { instalmentNumber -= 1 }
      month -= 1
    }
  }
}
