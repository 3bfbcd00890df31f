import KaiseiCore
import KaiseiEvents

/// Small, valid events for tests and benchmarks, built through the same schema as real input.
public enum SampleEvents {
    /// Source systems number their events; ids are zero-padded so they sort as they were issued.
    public static func id(_ k: Int) -> String {
        let digits = String(k)
        return "ev-" + String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    /// `n` events spread over residents of both cities: registrations, incomes, donations,
    /// vehicles. Deterministic: event `k` is always the same.
    public static func mixed(count n: Int, startingAt k0: Int = 0, recordedFrom start: RecordedTime? = nil) -> [Event] {
        (k0..<(k0 + n)).map { k in event(k, recordedAt: start.map { RecordedTime(microseconds: $0.microseconds + Int64(k) * 1000) }) }
    }

    public static func event(_ k: Int, recordedAt: RecordedTime? = nil) -> Event {
        let city: City = k % 2 == 0 ? .okazaki : .toyohashi
        let person = k / 8
        let subject = "\(city == .okazaki ? "okz" : "toy")-r-\(person)"
        let year = 2013 + (k / 8) % 14
        let valid = CivilDate(year: year, month: 1 + k % 12, day: 1 + k % 28)!
        let id = SampleEvents.id(k)
        switch k % 4 {
        case 0:
            return Event(id: id, city: city, subject: subject, type: .incomeDeclared, validDate: valid, recordedAt: recordedAt,
                         payload: Payload(.incomeDeclared, ["income_year": .int(Int64(year - 1)), "source": .int(0),
                                                             "salary": .int(Int64(2_000_000 + (k * 7919) % 8_000_000))]))
        case 1:
            return Event(id: id, city: city, subject: subject, type: .furusatoDonationMade, validDate: valid, recordedAt: recordedAt,
                         payload: Payload(.furusatoDonationMade, ["amount": .int(Int64(10_000 + k % 90 * 1000)),
                                                                  "receiving_municipality": .text("北海道紋別市"), "one_stop": .bool(k % 3 == 0)]))
        case 2:
            return Event(id: id, city: city, subject: subject, type: .deductionsDeclared, validDate: valid, recordedAt: recordedAt,
                         payload: Payload(.deductionsDeclared, ["income_year": .int(Int64(year - 1)), "social_insurance": .int(Int64(300_000 + k % 1000)),
                                                                "life_insurance": .int(28_000)]))
        default:
            return Event(id: id, city: city, subject: subject, type: .residentMovedWithinCity, validDate: valid, recordedAt: recordedAt,
                         payload: Payload(.residentMovedWithinCity, ["household": .text("\(city == .okazaki ? "okz" : "toy")-h-\(person / 2)")]))
        }
    }
}
