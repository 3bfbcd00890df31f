import Foundation
import Testing
import KaiseiCore
import Counter
import TestSupport
@testable import KaiseiServer

/// A 個人事業者 on the corporate register at the counter: marked as one in the record and the
/// API, and a return that ended the business with the proprietor's death says so, since that
/// moves its 事業所税's 納期限 (地方税法第701条の47第1項).
@Suite("A 個人事業者 at the counter")
struct IndividualProprietorCounterTests {
    let f = CounterFixture.shared

    @Test("the record and GET /api/corporations/{id} mark a 個人事業者 (`individual`) and the return that says the proprietor died (`proprietor_died`); a 修正申告 that does not repeat it is shown without it")
    func individualMarked() throws {
        let subject = "okz-c-9000051"
        let service = try f.service(of: subject, in: .okazaki, [
            (#""type":"CorporationRegistered","valid_date":"2015-01-01""#, #"{"individual":true}"#),
            (#""type":"OfficeOpened","valid_date":"2015-01-01""#, #"{"floor_m2":1500,"office":"main"}"#),
            (#""type":"OfficeClosed","valid_date":"2025-08-20""#, #"{"office":"main"}"#),
            (#""type":"CorporateReturnFiled","valid_date":"2025-11-28""#,
             #"{"employees_in_city":20,"kind":"final","national_corporate_tax":0,"payroll":60000000,"period_end":"2025-08-20","period_start":"2025-01-01","proprietor_died":true}"#),
            (#""type":"CorporateReturnFiled","valid_date":"2025-12-10""#,
             #"{"employees_in_city":20,"kind":"amended","national_corporate_tax":0,"payroll":70000000,"period_end":"2025-08-20","period_start":"2025-01-01"}"#),
        ], recordedOn: "2025-12-11")
        let r = try service.corporation(f.caller(.okazaki, .clerk), subject, knownAt: RecordedTime(iso: "2025-12-12T09:00:00+09:00")!, route: "test")
        #expect(r.individual && !r.publicInterest)
        #expect(r.returns.map(\.kind) == [.final, .amended] && r.returns.map(\.proprietorDied) == [true, false], "\(r.returns)")
        let json = JSONWriter.canonical(CounterJSON.corporation(r))
        #expect(json.contains(#""individual":true"#) && json.contains(#""proprietor_died":true"#), "\(json)")
    }
}
