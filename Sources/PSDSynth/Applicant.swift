// One applicant: hidden traits, the application row and the planted default probability.
//
// Default risk is a logit built from three parts:
//  - observed application fields (age, employment, credit/income, annuity/income, loan-to-value,
//    education, occupation, region, ...) with non-linear terms and interactions;
//  - a hidden creditworthiness `a` that the EXT_SOURCE_* scores only partly reveal;
//  - a behaviour risk `b` that shows in the side tables (bureau overdue and DPD statuses, late or
//    missed instalments, card utilisation, refused previous applications);
//  - plus unobservable noise `u`.
// TARGET is a Bernoulli draw from the resulting probability, which goes to true_pd.csv.

/// Traits drawn first from the applicant's own stream; enough to size the side tables.
struct ApplicantCore {
  var creditworthiness: Double  // a: higher is safer; EXT_SOURCE_* are noisy views of it
  var behaviourRisk: Double  // b: higher is riskier; drives the side-table delinquency
  var noise: Double  // u: never observable
  var bureauCount: Int
  var previousCount: Int

  init(seed: UInt64, index: Int, maxRecords: Int = 60) {
    var rng = SynthRNG(seed: seed, index: UInt64(index), stream: 0)
    creditworthiness = rng.normal()
    behaviourRisk = -0.45 * creditworthiness + 0.893 * rng.normal()
    noise = rng.normal()
    if rng.chance(SynthTuning.shareWithBureau) {
      bureauCount = min(1 + rng.geometric(mean: SynthTuning.bureauExtraMean), 60, maxRecords)
    } else {
      bureauCount = 0
    }
    if rng.chance(SynthTuning.shareWithPrevious) {
      let mean = SynthTuning.previousExtraMean * (1 + 0.25 * SynthMath.clamp(behaviourRisk, -1.5, 2.5))
      previousCount = min(1 + rng.geometric(mean: mean), 60, maxRecords)
    } else {
      previousCount = 0
    }
  }
}

/// Tunable rates; calibrated so scale 1 gives the real row counts and the target ladder.
enum SynthTuning {
  static let shareWithBureau = 0.858
  static let bureauExtraMean = 4.61
  static let shareWithPrevious = 0.951
  static let previousExtraMean = 3.93
  static let bureauBalanceShare = 0.476
  // logit weights of the hidden parts
  static let weightCreditworthiness = 0.80
  static let weightBehaviour = 0.62
  static let weightNoise = 0.55
  /// Overall strength of the planted signal (all parts together).
  static let scoreScale = 0.92
  /// Positive rate of application_train.
  static let targetRate = 0.080729
}

/// The application fields that matter for risk, drawn before anything else of the row.
struct ApplicationRecord {
  var contractType = 0
  var gender = 0
  var ownCar = false
  var ownRealty = false
  var children = 0
  var income = 0.0
  var incomeThousandths = false
  var credit = 0.0
  var annuity: Double? = nil
  var goodsPrice: Double? = nil
  var incomeType = 0
  var education = 0
  var familyStatus = 0
  var housing = 0
  var region = 0
  var daysBirth = 0
  var daysEmployed = 0  // 365243 when not employed
  var daysRegistration = 0
  var daysIdPublish = 0
  var occupation: Int? = nil
  var organization: Int? = nil  // nil = XNA
  var ext1: Double? = nil
  var ext2: Double? = nil
  var ext3: Double? = nil
  var obs30: Int? = nil
  var def30 = 0
  var obs60 = 0
  var def60 = 0
  var daysLastPhoneChange: Int? = nil
  var regCityNotWorkCity = 0
  var liveCityNotWorkCity = 0
  var regCityNotLiveCity = 0
  var document3 = 0
  var logitApplication = 0.0  // risk from the observed fields

  var ageYears: Double { Double(-daysBirth) / 365.25 }
  var isEmployed: Bool { daysEmployed != 365243 }
}

enum ApplicationModel {
  static let pensioner = Levels.incomeType.index(of: "Pensioner")
  static let unemployed = Levels.incomeType.index(of: "Unemployed")
  static let working = Levels.incomeType.index(of: "Working")
  static let commercial = Levels.incomeType.index(of: "Commercial associate")
  static let stateServant = Levels.incomeType.index(of: "State servant")
  static let student = Levels.incomeType.index(of: "Student")
  static let businessman = Levels.incomeType.index(of: "Businessman")
  static let maternity = Levels.incomeType.index(of: "Maternity leave")
  static let regionWeights = Categorical(Levels.regions.enumerated().map { ("\($0.offset)", $0.element.weight) })
  static let incomeTypeRisk: [Double] = [0.10, 0.0, -0.25, -0.20, 1.6, -0.8, -1.0, 1.6]
  static let educationRisk: [Double] = [0.0, -0.38, -0.08, 0.30, -0.70]
  static let familyRisk: [Double] = [-0.05, 0.12, 0.12, 0.02, -0.12, 0.0]
  static let housingRisk: [Double] = [0.0, 0.20, 0.12, 0.25, -0.10, 0.05]
  static let annuityTerms: [Double] = [12, 18, 24, 30, 36, 48, 60]

  /// Draw the risk-relevant application fields; the rest of the row is drawn when writing.
  static func draw(_ rng: inout SynthRNG, core: ApplicantCore, isTrain: Bool) -> ApplicationRecord {
    var r = ApplicationRecord()
    let a = core.creditworthiness
    r.contractType = Levels.contractType.sampleIndex(&rng)
    r.gender = rng.chance(0.3417) ? 1 : 0
    if isTrain && rng.chance(0.000013) { r.gender = 2 }
    r.incomeType = Levels.incomeType.sampleIndex(&rng)
    r.education = Levels.education.sampleIndex(&rng)
    // Education and income type lean on the hidden creditworthiness a little.
    if r.education == 0 && rng.chance(0.06 * SynthMath.clamp(a, 0, 2)) { r.education = 1 }
    r.familyStatus = Levels.familyStatus.sampleIndex(&rng)
    if !isTrain && r.familyStatus == 5 { r.familyStatus = 0 }
    r.housing = Levels.housing.sampleIndex(&rng)
    r.region = regionWeights.sampleIndex(&rng)

    // Age: pensioners are older.
    let notEmployed = r.incomeType == pensioner || r.incomeType == unemployed
    var age: Double
    if r.incomeType == pensioner {
      age = 50 + 19 * (rng.chance(0.9) ? rng.uniform().squareRoot() : rng.uniform())
    } else if rng.chance(0.5) {
      age = 21 + 43 * rng.uniform()
    } else {
      age = 21 + 43 * 0.5 * (rng.uniform() + rng.uniform())
    }
    age = min(max(age, 20.6), 69.0)
    r.daysBirth = -Int(age * 365.25)
    if r.gender == 1 && rng.chance(0.3) { r.daysBirth += Int(rng.uniform() * 1500) }
    r.daysBirth = min(r.daysBirth, -7489)
    let ageYears = r.ageYears

    if notEmployed {
      r.daysEmployed = 365243
    } else {
      let maxYears = max(ageYears - 18, 0.2)
      let years = min(rng.exponential(mean: 4.5 + 0.08 * (ageYears - 21)), maxYears)
      r.daysEmployed = -Int(years * 365.25)
    }
    r.daysRegistration = -Int(rng.uniform() * min(max(ageYears - 16, 1), 67) * 365.25 * 0.75)
    r.daysIdPublish = -Int(min(rng.uniform() * 7197, (ageYears - 14) * 365.25))

    r.ownCar = rng.chance(r.gender == 1 ? 0.55 : 0.23)
    r.ownRealty = rng.chance(0.69)
    let childRoll = rng.uniform()
    r.children =
      childRoll < 0.70
      ? 0 : childRoll < 0.899 ? 1 : childRoll < 0.986 ? 2 : childRoll < 0.9981 ? 3 : 4 + rng.geometric(mean: 0.6)
    if r.incomeType == pensioner && r.children > 0 && rng.chance(0.8) { r.children = 0 }

    // Income: log-normal, shifted by income type and education.
    var incomeMedian = 147150.0
    if r.incomeType == pensioner { incomeMedian *= 0.78 }
    if r.incomeType == commercial { incomeMedian *= 1.15 }
    if r.incomeType == businessman { incomeMedian *= 3.0 }
    if r.education == 1 || r.education == 4 { incomeMedian *= 1.25 }
    if r.gender == 1 { incomeMedian *= 1.15 }
    var income = rng.logNormal(median: incomeMedian, sigma: 0.45)
    if isTrain && rng.chance(0.0000033) { income = 117_000_000 }
    income = max(income, 25650)
    if rng.chance(0.93) {
      r.income = max((income / 2250).rounded() * 2250, 25650)
    } else {
      r.income = (income * 1000).rounded() / 1000
      r.incomeThousandths = true
    }

    // Goods price, loan-to-value, credit, annuity.
    let revolving = r.contractType == 1
    if revolving {
      let limit = min(
        max(
          (rng.logNormal(median: 270000 * (r.income / 150000) * 0.8 + 45000, sigma: 0.5) / 22500).rounded() * 22500,
          45000), 1_350_000)
      r.credit = limit
      r.annuity = (limit * 0.05 / 1.5).rounded() * 1.5
      r.goodsPrice = rng.chance(0.0094) ? nil : limit
    } else {
      let goods = SynthMath.clamp(
        rng.logNormal(median: 430000 * SynthMath.exp(0.35 * SynthMath.log(r.income / 147150)), sigma: 0.62), 40500,
        4_050_000)
      let goodsRounded = max((goods / 4500).rounded() * 4500, 40500)
      let ltv = rng.chance(0.28) ? 1.0 : 1 + min(rng.exponential(mean: 0.14), 0.6)
      r.credit = min(max((goodsRounded * ltv / 4.5).rounded() * 4.5, 45000), 4_050_000)
      r.goodsPrice = goodsRounded
      let term = annuityTerms[rng.int(0, annuityTerms.count - 1)]
      let monthlyRate = 0.008 + 0.012 * rng.uniform() + 0.004 * SynthMath.clamp(-a, -1, 2)
      let factor = monthlyRate / (1 - SynthMath.exp(-term * SynthMath.log(1 + monthlyRate)))
      r.annuity = max((r.credit * factor / 1.5).rounded() * 1.5, 1615.5)
    }
    if rng.chance(0.000039) { r.annuity = nil }

    // Occupation and organisation.
    if notEmployed {
      r.occupation = nil
      r.organization = nil
    } else {
      r.occupation = rng.chance(0.162) ? nil : Levels.occupation.sampleIndex(&rng)
      r.organization = Levels.organization.sampleIndex(&rng)
    }

    // External scores: noisy views of the hidden creditworthiness (EXT_SOURCE_1 also tracks age).
    let ageZ = (ageYears - 43) / 12
    if !rng.chance(0.564) {
      let z = 0.62 * a + 0.35 * ageZ + 0.70 * rng.normal()
      r.ext1 = SynthMath.clamp(SynthMath.sigmoid(0.02 + 1.25 * z), 0.0146, 0.963)
    }
    if !rng.chance(0.00214) {
      let z = 0.72 * a + 0.69 * rng.normal()
      r.ext2 = SynthMath.clamp(0.88 * SynthMath.sigmoid(0.62 + 1.35 * z), 0.0000001, 0.855)
    }
    if !rng.chance(0.198) {
      let z = 0.70 * a + 0.15 * ageZ + 0.70 * rng.normal()
      r.ext3 = SynthMath.clamp(0.93 * SynthMath.sigmoid(0.25 + 1.3 * z), 0.000527, 0.896)
    }

    // Social circle and phone change.
    if rng.chance(0.00332) {
      r.obs30 = nil
    } else {
      let obs = rng.chance(0.53) ? 0 : 1 + rng.geometric(mean: 2.0)
      r.obs30 = min(obs, 30)
      var def = 0
      for _ in 0..<min(obs, 30) where rng.chance(0.07 + 0.05 * SynthMath.clamp(core.behaviourRisk, -1, 3)) { def += 1 }
      r.def30 = def
      r.obs60 = max(obs - (rng.chance(0.05) ? 1 : 0), 0)
      r.def60 = min(def, max(def - (rng.chance(0.3) ? 1 : 0), 0))
    }
    if !rng.chance(0.0000033) {
      r.daysLastPhoneChange = rng.chance(0.12) ? 0 : -Int(rng.exponential(mean: 900) + 1) % 4292
    }
    r.regCityNotLiveCity = rng.chance(0.078) ? 1 : 0
    if r.isEmployed {
      r.regCityNotWorkCity = rng.chance(0.27) ? 1 : 0
      r.liveCityNotWorkCity = rng.chance(r.regCityNotWorkCity == 1 ? 0.65 : 0.04) ? 1 : 0
    }
    r.document3 = rng.chance(r.isEmployed ? 0.78 : 0.40) ? 1 : 0
    r.logitApplication = applicationLogit(r)
    return r
  }

  /// Risk (logit scale, centred near zero) from the observed application fields.
  static func applicationLogit(_ r: ApplicationRecord) -> Double {
    var x = 0.0
    let age = r.ageYears
    // Younger clients default more, steeper below 30.
    x += 0.030 * (43 - age) + 0.25 * max(0, 28 - age) / 7
    if r.isEmployed {
      let years = Double(-r.daysEmployed) / 365.25
      x += 0.22 - 0.16 * SynthMath.log(1 + years)
      if years < 1 && age < 30 { x += 0.25 }  // new job and young
    }
    x += incomeTypeRisk[r.incomeType]
    x += educationRisk[r.education]
    x += familyRisk[r.familyStatus]
    x += housingRisk[r.housing]
    if r.gender == 1 { x += 0.22 }
    if r.ownCar { x -= 0.15 }
    if !r.ownRealty { x += 0.04 }
    if let occupation = r.occupation { x += Levels.occupationRisk[occupation] } else if r.isEmployed { x += 0.05 }
    let region = Levels.regions[r.region]
    x += 0.28 * Double(region.cityRating - 2)
    // Affordability: annuity/income above ~25 % hurts, more so for low incomes.
    let income = min(r.income, 2_000_000)
    if let annuity = r.annuity {
      let burden = annuity / income
      x += 1.1 * max(0, burden - 0.22) + 0.9 * max(0, burden - 0.45)
      // Term effect: mid-length terms carry the most risk (payment rate around 4-6 %).
      let paymentRate = annuity / r.credit
      x += 0.45 * SynthMath.exp(-((paymentRate - 0.045) / 0.012) * ((paymentRate - 0.045) / 0.012)) - 0.15
      if age < 30 && burden > 0.25 { x += 0.30 }
    }
    let creditToIncome = r.credit / income
    x += 0.10 * SynthMath.log(creditToIncome / 3)
    if let goods = r.goodsPrice, goods > 0 {
      let ltv = r.credit / goods
      x += 1.0 * SynthMath.clamp(ltv - 1.1, -0.1, 0.5)
    }
    if r.contractType == 1 { x -= 0.30 }
    // Recent ID document or phone change: unsettled circumstances.
    x += 0.22 * max(0, 1 - Double(-r.daysIdPublish) / 2500)
    if let phone = r.daysLastPhoneChange { x += 0.20 * max(0, 1 - Double(-phone) / 600) }
    x += 0.22 * Double(min(r.def30, 3))
    x += 0.15 * Double(r.regCityNotWorkCity) + 0.10 * Double(r.regCityNotLiveCity)
    if r.document3 == 1 { x += 0.10 }
    if r.gender == 1 && r.education == 0 && age < 35 { x += 0.15 }
    return x
  }

  /// Full default logit without the intercept.
  static func riskScore(core: ApplicantCore, record: ApplicationRecord) -> Double {
    var x = record.logitApplication
    x -= SynthTuning.weightCreditworthiness * core.creditworthiness
    x += SynthTuning.weightBehaviour * core.behaviourRisk
    // Interaction: behaviour risk hurts more when the hidden creditworthiness is low.
    x += 0.15 * core.behaviourRisk * max(0, -core.creditworthiness)
    x += SynthTuning.weightNoise * core.noise
    return SynthTuning.scoreScale * x
  }

  /// The intercept that gives the real positive rate, found once on a fixed pilot population
  /// (independent of the user's seed, so every run uses the same model).
  static let intercept: Double = {
    let pilotSize = 60000
    var scores = [Double](repeating: 0, count: pilotSize)
    for i in 0..<pilotSize {
      let core = ApplicantCore(seed: 0x5EED_0F_CA1B, index: i)
      var rng = SynthRNG(seed: 0x5EED_0F_CA1B, index: UInt64(i), stream: 1)
      let record = draw(&rng, core: core, isTrain: true)
      scores[i] = riskScore(core: core, record: record)
    }
    var lo = -12.0, hi = 4.0
    for _ in 0..<60 {
      let mid = (lo + hi) / 2
      var sum = 0.0
      for s in scores { sum += SynthMath.sigmoid(mid + s) }
      if sum / Double(pilotSize) < SynthTuning.targetRate { lo = mid } else { hi = mid }
    }
    return (lo + hi) / 2
  }()

  // MARK: writing

  static let buildingMeasures: [(median: Double, spread: Double, missing: Double)] = [
    (0.0876, 0.9, 0.5075),  // APARTMENTS
    (0.0763, 0.9, 0.5852),  // BASEMENTAREA
    (0.9816, 0.0, 0.4878),  // YEARS_BEGINEXPLUATATION (special)
    (0.7552, 0.0, 0.6650),  // YEARS_BUILD (special)
    (0.0211, 1.1, 0.6987),  // COMMONAREA
    (0.0, 0.0, 0.5330),  // ELEVATORS (special)
    (0.1379, 0.6, 0.5035),  // ENTRANCES
    (0.1667, 0.0, 0.4976),  // FLOORSMAX (special)
    (0.2083, 0.0, 0.6785),  // FLOORSMIN (special)
    (0.0481, 1.0, 0.5938),  // LANDAREA
    (0.0756, 0.9, 0.6835),  // LIVINGAPARTMENTS
    (0.0745, 0.9, 0.5019),  // LIVINGAREA
    (0.0, 0.0, 0.6943),  // NONLIVINGAPARTMENTS (special)
    (0.0036, 0.0, 0.5518)  // NONLIVINGAREA (special)
  ]
  static let documentRates: [Double] = [
    0.000042, -1, 0.000081, 0.0151, 0.0881, 0.00019, 0.0814, 0.0039, 0.000023, 0.0039,
    0.0000065, 0.0035, 0.0029, 0.0012, 0.0099, 0.00027, 0.0081, 0.0006, 0.0005, 0.00034
  ]
  static let blockPresent = 1 - 0.474

  /// Writes the application row; draws the remaining descriptive fields from `rng`.
  static func write(
    _ r: ApplicationRecord, id: Int, target: Int?, rng: inout SynthRNG, into out: inout CSVBuffer
  ) {
    out.int(id)
    if let target { out.int(target) }
    out.level(Levels.contractType.encoded[r.contractType])
    out.level(Levels.gender[r.gender])
    out.level(Levels.yesNo[r.ownCar ? 1 : 0])
    out.level(Levels.yesNo[r.ownRealty ? 1 : 0])
    out.int(r.children)
    out.fixed(r.income, r.incomeThousandths ? 3 : 1)
    out.fixed(r.credit, 1)
    out.fixed(r.annuity, 1)
    out.fixed(r.goodsPrice, 1)
    if rng.chance(0.0042) {
      out.missing()
    } else {
      out.level(Levels.typeSuite.encoded[Levels.typeSuite.sampleIndex(&rng)])
    }
    out.level(Levels.incomeType.encoded[r.incomeType])
    out.level(Levels.education.encoded[r.education])
    out.level(Levels.familyStatus.encoded[r.familyStatus])
    out.level(Levels.housing.encoded[r.housing])
    let region = Levels.regions[r.region]
    out.fixed(region.pop, 6)
    out.int(r.daysBirth)
    out.int(r.daysEmployed)
    out.floatInt(r.daysRegistration)
    out.int(r.daysIdPublish)
    if r.ownCar {
      out.floatInt(min(rng.chance(0.1) ? 64 + rng.int(0, 1) : rng.geometric(mean: 11), 91))
    } else {
      out.missing()
    }
    out.int(rng.chance(0.0000033) ? 0 : 1)  // FLAG_MOBIL
    out.int(r.isEmployed ? 1 : 0)  // FLAG_EMP_PHONE
    out.int(rng.chance(r.isEmployed ? 0.23 : 0.05) ? 1 : 0)  // FLAG_WORK_PHONE
    out.int(rng.chance(0.998) ? 1 : 0)  // FLAG_CONT_MOBILE
    out.int(rng.chance(0.281) ? 1 : 0)  // FLAG_PHONE
    out.int(rng.chance(0.0567) ? 1 : 0)  // FLAG_EMAIL
    if let occupation = r.occupation { out.level(Levels.occupation.encoded[occupation]) } else { out.missing() }
    if rng.chance(0.0000065) {
      out.missing()
    } else {
      let partner = [0, 2].contains(r.familyStatus) ? 1 : 0
      out.floatInt(1 + partner + r.children)
    }
    let rating = region.rating, cityRating = region.cityRating
    out.int(rating)
    out.int(cityRating)
    out.level(Levels.weekday.encoded[Levels.weekday.sampleIndex(&rng)])
    out.int(min(max(Int(rng.normal(12, 3.2).rounded()), 0), 23))
    let regNotLiveRegion = rng.chance(0.015) ? 1 : 0
    let regNotWorkRegion = r.isEmployed && rng.chance(0.06) ? 1 : 0
    let liveNotWorkRegion = regNotWorkRegion == 1 && rng.chance(0.8) ? 1 : 0
    out.int(regNotLiveRegion)
    out.int(regNotWorkRegion)
    out.int(liveNotWorkRegion)
    out.int(r.regCityNotLiveCity)
    out.int(r.regCityNotWorkCity)
    out.int(r.liveCityNotWorkCity)
    if let organization = r.organization {
      out.level(Levels.organization.encoded[organization])
    } else {
      out.level(Levels.organizationXNA[0])
    }
    out.fixed(r.ext1, 15)
    out.fixed(r.ext2, 15)
    out.fixed(r.ext3, 15)

    // Building block: present for about half the clients, then per-measure gaps.
    let hasBlock = rng.chance(blockPresent)
    var avg = [Double?](repeating: nil, count: 14)
    if hasBlock {
      let size = rng.normal()
      for m in 0..<14 {
        let conditionalMissing = (buildingMeasures[m].missing - 0.474) / blockPresent
        if rng.chance(conditionalMissing) { continue }
        avg[m] = buildingValue(m, size: size, rng: &rng)
      }
    }
    var mode = [Double?](repeating: nil, count: 14)
    var medi = [Double?](repeating: nil, count: 14)
    for m in 0..<14 {
      guard let v = avg[m] else { continue }
      mode[m] = SynthMath.clamp(v * (1 + 0.04 * rng.normal()), 0, 1)
      medi[m] = SynthMath.clamp(v * (1 + 0.015 * rng.normal()), 0, 1)
    }
    for m in 0..<14 { out.fixed(avg[m], 4) }
    for m in 0..<14 { out.fixed(mode[m], 4) }
    for m in 0..<14 { out.fixed(medi[m], 4) }
    // FONDKAPREMONT, HOUSETYPE, TOTALAREA, WALLSMATERIAL, EMERGENCYSTATE
    if hasBlock && !rng.chance((0.6839 - 0.474) / blockPresent) {
      out.level(Levels.fondkapremont.encoded[Levels.fondkapremont.sampleIndex(&rng)])
    } else {
      out.missing()
    }
    if hasBlock && !rng.chance((0.5018 - 0.474) / blockPresent) {
      out.level(Levels.houseType.encoded[Levels.houseType.sampleIndex(&rng)])
    } else {
      out.missing()
    }
    if hasBlock && !rng.chance((0.4827 - 0.474) / blockPresent) {
      let base = avg[0] ?? avg[11] ?? 0.07
      out.fixed(SynthMath.clamp(base * (1 + 0.1 * rng.normal()), 0, 1), 4)
    } else {
      out.missing()
    }
    if hasBlock && !rng.chance((0.5084 - 0.474) / blockPresent) {
      out.level(Levels.walls.encoded[Levels.walls.sampleIndex(&rng)])
    } else {
      out.missing()
    }
    if hasBlock {
      out.level(Levels.emergency[rng.chance(0.0154) ? 1 : 0])
    } else {
      out.missing()
    }

    if let obs30 = r.obs30 {
      out.floatInt(obs30)
      out.floatInt(r.def30)
      out.floatInt(r.obs60)
      out.floatInt(r.def60)
    } else {
      out.missing(); out.missing(); out.missing(); out.missing()
    }
    out.floatInt(r.daysLastPhoneChange)
    for d in 0..<20 {
      if d == 1 { out.int(r.document3); continue }
      out.int(rng.chance(documentRates[d]) ? 1 : 0)
    }
    // AMT_REQ_CREDIT_BUREAU_*: all six missing together.
    if rng.chance(0.135) {
      for _ in 0..<6 { out.missing() }
    } else {
      out.floatInt(rng.chance(0.994) ? 0 : 1)
      out.floatInt(rng.chance(0.994) ? 0 : 1)
      out.floatInt(rng.chance(0.968) ? 0 : 1 + rng.geometric(mean: 0.1))
      out.floatInt(rng.chance(0.835) ? 0 : 1 + rng.geometric(mean: 0.4))
      out.floatInt(rng.chance(0.81) ? 0 : 1 + rng.geometric(mean: 0.3))
      out.floatInt(min(rng.geometric(mean: 1.9), 25))
    }
    out.endRow()
  }

  private static func buildingValue(_ m: Int, size: Double, rng: inout SynthRNG) -> Double {
    switch m {
    case 2: return SynthMath.clamp(0.9816 + 0.006 * rng.normal() - 0.01 * rng.exponential(mean: 0.5), 0, 1)
    case 3: return SynthMath.clamp(0.7552 + 0.11 * rng.normal(), 0, 1)
    case 5: return rng.chance(0.5) ? 0 : SynthMath.clamp((Double(rng.int(1, 40)) * 0.04), 0, 1)
    case 7, 8:
      let floors = [0.0417, 0.0833, 0.125, 0.1667, 0.2083, 0.25, 0.3333, 0.375, 0.4583, 0.6667, 1.0]
      let k = min(max(Int((3.5 + 1.6 * size + 0.8 * rng.normal()).rounded()), 0), floors.count - 1)
      return floors[k]
    case 12, 13: return rng.chance(0.55) ? 0 : SynthMath.clamp(rng.exponential(mean: 0.02), 0, 1)
    default:
      let measure = buildingMeasures[m]
      return SynthMath.clamp(measure.median * SynthMath.exp(measure.spread * (0.7 * size + 0.7 * rng.normal())), 0, 1)
    }
  }
}
