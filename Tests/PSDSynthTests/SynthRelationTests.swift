import Foundation
import Testing

@testable import PSDSynth

@Suite struct SynthRelationTests {
  let dir = Fixture.small

  @Test func sideTablesPointAtApplicants() throws {
    let train = try Table.load(dir + "/application_train.csv")
    let test = try Table.load(dir + "/application_test.csv")
    let applicants = Set(train.ints("SK_ID_CURR") + test.ints("SK_ID_CURR"))
    #expect(applicants.count == train.rows.count + test.rows.count)
    for name in [
      "bureau.csv", "previous_application.csv", "POS_CASH_balance.csv", "installments_payments.csv",
      "credit_card_balance.csv"
    ] {
      let table = try Table.load(dir + "/" + name)
      #expect(!table.rows.isEmpty, "\(name) is empty")
      #expect(Set(table.ints("SK_ID_CURR")).isSubset(of: applicants), "\(name) has an unknown SK_ID_CURR")
    }
    let truth = try Table.load(dir + "/true_pd.csv")
    #expect(Set(truth.ints("SK_ID_CURR")) == applicants)
    #expect(truth.doubles("TRUE_PD").allSatisfy { ($0 ?? -1) > 0 && ($0 ?? 2) < 1 })
  }

  @Test func historiesHangOffTheirParents() throws {
    let bureau = try Table.load(dir + "/bureau.csv")
    let bureauIds = bureau.ints("SK_ID_BUREAU")
    #expect(Set(bureauIds).count == bureauIds.count)
    let balance = try Table.load(dir + "/bureau_balance.csv")
    #expect(Set(balance.ints("SK_ID_BUREAU")).isSubset(of: Set(bureauIds)))

    let previous = try Table.load(dir + "/previous_application.csv")
    let previousIds = previous.ints("SK_ID_PREV")
    #expect(Set(previousIds).count == previousIds.count)
    var owner: [Int: Int] = [:]
    for (p, c) in zip(previousIds, previous.ints("SK_ID_CURR")) { owner[p] = c }
    for name in ["POS_CASH_balance.csv", "installments_payments.csv", "credit_card_balance.csv"] {
      let table = try Table.load(dir + "/" + name)
      for (p, c) in zip(table.ints("SK_ID_PREV"), table.ints("SK_ID_CURR")) {
        #expect(owner[p] == c, "\(name): SK_ID_PREV \(p) does not belong to SK_ID_CURR \(c)")
        if owner[p] != c { break }
      }
    }
  }

  @Test func monthlyHistoriesCountBackFromMinusOne() throws {
    for (name, key) in [
      ("bureau_balance.csv", "SK_ID_BUREAU"), ("POS_CASH_balance.csv", "SK_ID_PREV"),
      ("credit_card_balance.csv", "SK_ID_PREV")
    ] {
      let table = try Table.load(dir + "/" + name)
      let ids = table.ints(key), months = table.ints("MONTHS_BALANCE")
      var seen = Set<Int>()
      var broken = 0
      #expect(months.allSatisfy { $0 <= -1 && $0 >= -96 }, "\(name): MONTHS_BALANCE outside -96...-1")
      for i in ids.indices {
        if i > 0 && ids[i] == ids[i - 1] {
          if months[i] != months[i - 1] - 1 { broken += 1 }
        } else {
          if seen.contains(ids[i]) { broken += 1 }
          seen.insert(ids[i])
        }
      }
      #expect(broken == 0, "\(name): \(broken) gaps or splits in monthly sequences")
    }
  }

  @Test func instalmentPaymentsFollowTheirDueDates() throws {
    let table = try Table.load(dir + "/installments_payments.csv")
    let due = table.doubles("DAYS_INSTALMENT"), paidOn = table.doubles("DAYS_ENTRY_PAYMENT")
    let amount = table.doubles("AMT_INSTALMENT"), paid = table.doubles("AMT_PAYMENT")
    var late = 0, bad = 0
    for i in due.indices {
      var ok = (due[i] ?? 0) < 0 && (paidOn[i] == nil) == (paid[i] == nil)
      if let d = due[i], let e = paidOn[i] {
        ok = ok && e <= -1 && abs(e - d) < 400
        if e > d { late += 1 }
      }
      if let a = amount[i], let p = paid[i] { ok = ok && p <= a * 3.01 + 1 }
      if !ok { bad += 1 }
    }
    #expect(
      bad == 0,
      "\(bad) instalment rows with a due date after the application, a payment far from its due date or a payment without a day"
    )
    #expect(late > 0)
    #expect(late < due.count / 2)
  }

  @Test func employmentSentinelMarksTheNotEmployed() throws {
    let table = try Table.load(dir + "/application_train.csv")
    let employed = table.ints("DAYS_EMPLOYED")
    let organisation = table.column("ORGANIZATION_TYPE")
    let mismatched = zip(employed, organisation).filter { days, org in
      (days == 365243) != (org == "XNA") || (days != 365243 && days > 0)
    }
    #expect(mismatched.isEmpty, "DAYS_EMPLOYED 365243 must mark exactly the ORGANIZATION_TYPE XNA rows")
    let previous = try Table.load(dir + "/previous_application.csv")
    #expect(previous.column("DAYS_FIRST_DRAWING").contains("365243.0"))
    #expect(previous.column("DAYS_TERMINATION").contains("365243.0"))
  }
}
