import Foundation
import Testing

@testable import PSDSynth

@Suite struct SynthSchemaTests {
  @Test func headersEqualTheSchemaDocument() throws {
    let documented = Fixture.schemaColumns(try Fixture.schemaDocument())
    #expect(documented["application_train.csv"]?.count == 122)
    for (name, columns) in HomeCreditSchema.files {
      let expected: [String]?
      if name == "application_test.csv" {
        // The document describes it as application_train without TARGET.
        expected = documented["application_train.csv"]?.filter { $0 != "TARGET" }
      } else {
        expected = documented[name]
      }
      #expect(expected == columns, "header of \(name) differs from the schema document")
    }
  }

  @Test func writtenHeadersAreTheSchemaLists() throws {
    for (name, columns) in HomeCreditSchema.files {
      let table = try Table.load(Fixture.small + "/" + name)
      #expect(table.header == columns, "\(name)")
      for row in table.rows.prefix(5000) {
        #expect(row.count == columns.count, "\(name): a row has \(row.count) fields")
        if row.count != columns.count { break }
      }
    }
    #expect(HomeCreditSchema.applicationTrain.count == 122)
    #expect(HomeCreditSchema.applicationTest.count == 121)
  }

  @Test func applicationTypesMatchTheRealFile() throws {
    // 41 integer columns (incl. SK_ID_CURR), 65 float, 16 categorical - as pandas reads the real file.
    let table = try Table.load(Fixture.small + "/application_train.csv")
    var ints = 0, floats = 0, categories = 0
    for (i, _) in table.header.enumerated() {
      let values = table.rows.map { $0[i] }.filter { !$0.isEmpty }
      if values.allSatisfy({ Int($0) != nil }) {
        ints += 1
      } else if values.allSatisfy({ Double($0) != nil }) {
        floats += 1
      } else {
        categories += 1
      }
    }
    #expect(ints == 41)
    #expect(floats == 65)
    #expect(categories == 16)
  }

  @Test func categoricalValuesUseTheRealLevelsAndQuoting() throws {
    let text = try String(contentsOfFile: Fixture.small + "/application_train.csv", encoding: .utf8)
    #expect(text.contains(",\"Spouse, partner\","))
    #expect(text.contains(",\"Stone, brick\","))
    let table = try Table.load(Fixture.small + "/application_train.csv")
    let education = Set(table.column("NAME_EDUCATION_TYPE"))
    #expect(education.isSubset(of: Set(Levels.education.levels)))
    let organisations = Set(table.column("ORGANIZATION_TYPE"))
    #expect(organisations.contains("XNA"))
    #expect(organisations.count > 40)
    let previous = try Table.load(Fixture.small + "/previous_application.csv")
    #expect(Set(previous.column("CODE_REJECT_REASON")).contains("XAP"))
    #expect(Set(previous.column("NAME_CASH_LOAN_PURPOSE")).isSuperset(of: ["XAP", "XNA"]))
    let balance = try Table.load(Fixture.small + "/bureau_balance.csv")
    #expect(Set(balance.column("STATUS")).isSubset(of: ["0", "1", "2", "3", "4", "5", "C", "X"]))
  }

  @Test func floatColumnsAreWrittenLikeTheRealFiles() throws {
    let table = try Table.load(Fixture.small + "/application_train.csv")
    // Integer-valued floats keep ".0"; integer columns have no decimal point.
    #expect(table.column("DAYS_REGISTRATION").allSatisfy { $0.hasSuffix(".0") })
    #expect(table.column("DAYS_BIRTH").allSatisfy { Int($0) != nil })
    #expect(table.column("AMT_CREDIT").allSatisfy { $0.contains(".") })
  }
}
