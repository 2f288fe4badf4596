import Foundation
import Testing

@testable import PSDSynth

/// Rates on small data sets: tolerances are about three standard errors.
@Suite struct SynthRateTests {
  let dir = Fixture.small
  let apps = Fixture.applications

  @Test func positiveRateIsNearTheRealOne() throws {
    let table = try Table.load(apps + "/application_train.csv")
    let targets = table.ints("TARGET")
    #expect(targets.count == Population(scale: 0.02).trainCount)
    #expect(Set(targets).isSubset(of: [0, 1]))
    let rate = Double(targets.reduce(0, +)) / Double(targets.count)
    #expect(abs(rate - 0.0807) < 0.011, "positive rate \(rate)")
  }

  @Test func calibratedInterceptGivesTheRealRateInExpectation() throws {
    // Mean true PD over the training applicants is the expected positive rate.
    let train = Set(try Table.load(apps + "/application_train.csv").ints("SK_ID_CURR"))
    let truth = try Table.load(apps + "/true_pd.csv")
    var sum = 0.0, n = 0.0
    for (id, pd) in zip(truth.ints("SK_ID_CURR"), truth.doubles("TRUE_PD")) where train.contains(id) {
      sum += pd!; n += 1
    }
    #expect(abs(sum / n - 0.0807) < 0.004, "mean true PD \(sum / n)")
  }

  @Test func missingRatesAreNearTheRealOnes() throws {
    let table = try Table.load(apps + "/application_train.csv")
    let expected: [(String, Double, Double)] = [
      ("EXT_SOURCE_1", 0.564, 0.03), ("EXT_SOURCE_2", 0.0021, 0.004), ("EXT_SOURCE_3", 0.198, 0.025),
      ("OCCUPATION_TYPE", 0.313, 0.03), ("OWN_CAR_AGE", 0.66, 0.03), ("COMMONAREA_AVG", 0.6987, 0.03),
      ("YEARS_BEGINEXPLUATATION_MODE", 0.4878, 0.03), ("FONDKAPREMONT_MODE", 0.6839, 0.03),
      ("EMERGENCYSTATE_MODE", 0.474, 0.03), ("AMT_REQ_CREDIT_BUREAU_YEAR", 0.135, 0.02),
      ("NAME_TYPE_SUITE", 0.0042, 0.005), ("AMT_GOODS_PRICE", 0.0009, 0.004),
      ("TARGET", 0, 0), ("DAYS_BIRTH", 0, 0)
    ]
    for (column, rate, tolerance) in expected {
      let share = table.missingShare(column)
      #expect(abs(share - rate) <= tolerance, "\(column): missing \(share), real \(rate)")
    }
    let employed = table.ints("DAYS_EMPLOYED")
    let sentinel = Double(employed.filter { $0 == 365243 }.count) / Double(employed.count)
    #expect(abs(sentinel - 0.18) < 0.025, "DAYS_EMPLOYED sentinel share \(sentinel)")
  }

  @Test func sideTableSizesFollowTheRealOnes() throws {
    let train = try Table.load(dir + "/application_train.csv")
    let test = try Table.load(dir + "/application_test.csv")
    let applicants = Double(train.rows.count + test.rows.count)
    let bureau = try Table.load(dir + "/bureau.csv")
    let previous = try Table.load(dir + "/previous_application.csv")
    // Real: 85.8 % of applicants have bureau rows, 95.1 % have previous applications.
    let withBureau = Double(Set(bureau.ints("SK_ID_CURR")).count) / applicants
    let withPrevious = Double(Set(previous.ints("SK_ID_CURR")).count) / applicants
    #expect(abs(withBureau - 0.858) < 0.035, "share with bureau \(withBureau)")
    #expect(abs(withPrevious - 0.951) < 0.02, "share with previous \(withPrevious)")
    // Rows per applicant (real: bureau 4.82, previous 4.69, balance 76.6, POS 28.1, instalments 38.2, cards 10.8).
    let expected: [(String, Double)] = [
      ("bureau.csv", 4.82), ("previous_application.csv", 4.69), ("bureau_balance.csv", 76.6),
      ("POS_CASH_balance.csv", 28.1), ("installments_payments.csv", 38.2), ("credit_card_balance.csv", 10.8)
    ]
    for (name, perApplicant) in expected {
      let rows = Double(try Table.load(dir + "/" + name).rows.count)
      #expect(
        abs(rows / applicants / perApplicant - 1) < 0.2,
        "\(name): \(rows / applicants) rows per applicant, real \(perApplicant)")
    }
    let refused = previous.column("NAME_CONTRACT_STATUS").filter { $0 == "Refused" }.count
    #expect(abs(Double(refused) / Double(previous.rows.count) - 0.174) < 0.04)
  }

  @Test func defaultersBehaveWorseInTheSideTables() throws {
    // The planted signal: training defaulters have more late instalments and more refusals.
    let train = try Table.load(dir + "/application_train.csv")
    var target: [Int: Int] = [:]
    for (id, t) in zip(train.ints("SK_ID_CURR"), train.ints("TARGET")) { target[id] = t }
    let instalments = try Table.load(dir + "/installments_payments.csv")
    var late = [0.0, 0.0], count = [0.0, 0.0]
    for (id, (due, paid)) in zip(
      instalments.ints("SK_ID_CURR"),
      zip(instalments.doubles("DAYS_INSTALMENT"), instalments.doubles("DAYS_ENTRY_PAYMENT")))
    {
      guard let t = target[id], let due, let paid else { continue }
      count[t] += 1
      if paid > due { late[t] += 1 }
    }
    #expect(late[1] / count[1] > 1.3 * late[0] / count[0])
    let previous = try Table.load(dir + "/previous_application.csv")
    var refused = [0.0, 0.0], applications = [0.0, 0.0]
    for (id, status) in zip(previous.ints("SK_ID_CURR"), previous.column("NAME_CONTRACT_STATUS")) {
      guard let t = target[id] else { continue }
      applications[t] += 1
      if status == "Refused" { refused[t] += 1 }
    }
    #expect(refused[1] / applications[1] > 1.2 * refused[0] / applications[0])
  }
}
