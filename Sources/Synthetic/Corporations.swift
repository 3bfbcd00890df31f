import KaiseiCore
import KaiseiEvents
import Assessment
import Law

/// The corporations of both cities: one list, because a corporation with offices in both is
/// one 法人 (one 法人番号) filing in each, its employees divided between them. Drawn from its own
/// random stream, so the residents' events are the same with or without it.
///
/// The shapes (synthetic, not law): about 28 corporations per 1,000 residents; 資本金等の額 mostly
/// under 1千万円 with a tail to 五百億円; employees mostly under 20, 0.3% over 300; about one in ten with offices in both
/// cities (more of the large); about 35% profitable in a year (国税庁 会社標本調査 puts 欠損法人
/// near two thirds); year ends mostly in March; 3.5% founded and 2.5% closed a year; most returns
/// filed in the last three weeks before the 法定納期限, some late, a few amended. About 3.5% put
/// part of their floor (and some of their payroll) to a use with 事業所税's 課税標準の特例
/// (協同組合等 the most, then 倉庫, ホテル, ...).
struct CorporateWorld {
    struct Corp {
        var home: City
        var both: Bool
        var capital: Int64
        var publicInterest: Bool
        var yearEndMonth: Int
        var founded: CivilDate
        var employees: Int
        /// Per mille of the employees in the home city (the rest in the other, when `both`).
        var homeShare: Int
        /// 事業所床面積 per employee, in hundredths of a ㎡.
        var floorPerEmployee: Int64
        /// Yearly pay per employee.
        var pay: Int64
        var lastNationalTax: Int64 = 0
        var closed: CivilDate?
        var name: Int
        var officesOpened: Set<UInt8> = []
        /// `specialUse(_:)` of its number, unless it is a 公益法人等.
        var special: (use: Vocabulary.OfficeSpecialUse, floor: Int64, payroll: Int64)? = nil
        /// A 予定申告 due in the next calendar year (year ends from July to October): filed then.
        var pendingInterim: (start: CivilDate, end: CivilDate, due: CivilDate, tax: Int64)? = nil
    }

    /// A corporation's 課税標準の特例 use, if any: the use, and the per mille of its floor and of
    /// its payroll put to it. Drawn from the corporation's number alone, not the shared stream,
    /// so that every other event of the population is the same with or without it.
    static func specialUse(_ i: Int) -> (use: Vocabulary.OfficeSpecialUse, floor: Int64, payroll: Int64)? {
        var r = SplitMix(seed: UInt64(i) &* 0xD1B54A32D192ED03 &+ 0x5EC1A1)
        let x = r.below(1000)
        switch x {
        case ..<15: return (.cooperative, 1000, 1000)
        case ..<21: return (.warehouse, Int64(600 + r.below(300)), 0)
        case ..<25: return (.hotel, Int64(500 + r.below(300)), 0)
        case ..<28: return (.wasteBusiness, Int64(400 + r.below(400)), Int64(300 + r.below(400)))
        case ..<30: return (.vocationalSchool, Int64(700 + r.below(300)), Int64(700 + r.below(300)))
        case ..<32: return (.brewing, Int64(300 + r.below(400)), 0)
        case ..<34: return (.pollutionControl, Int64(50 + r.below(100)), 0)
        case ..<35: return (.lumberStorage, Int64(400 + r.below(400)), 0)
        default: return nil
        }
    }

    var corps: [Corp] = []
    var rng: SplitMix
    let scale: Double
    let residents: Int

    init(seed: UInt64, scale: Double, residents: Int) {
        rng = SplitMix(seed: seed &* 0x9E3779B97F4A7C15 &+ 0xC0)
        self.scale = scale
        self.residents = residents
    }

    static let words: [(String, String)] = [("三河", "ミカワ"), ("東海", "トウカイ"), ("岡崎", "オカザキ"), ("豊橋", "トヨハシ"), ("中部", "チュウブ"),
                                            ("矢作", "ヤハギ"), ("豊川", "トヨカワ"), ("渥美", "アツミ"), ("葵", "アオイ"), ("八丁", "ハッチョウ"),
                                            ("東栄", "トウエイ"), ("明和", "メイワ")]
    static let trades: [(String, String)] = [("製作所", "セイサクショ"), ("工業", "コウギョウ"), ("商事", "ショウジ"), ("建設", "ケンセツ"),
                                             ("運輸", "ウンユ"), ("電機", "デンキ"), ("食品", "ショクヒン"), ("興業", "コウギョウ"),
                                             ("物産", "ブッサン"), ("精機", "セイキ")]

    func id(_ i: Int, _ city: City) -> String {
        let s = String(i)
        return (city == .okazaki ? "okz" : "toy") + "-c-" + (s.count >= 7 ? s : String(repeating: "0", count: 7 - s.count) + s)
    }

    func cities(_ c: Corp) -> [City] { c.both ? City.allCases : [c.home] }

    /// Employees in a city (at least one in each city it has an office in).
    func employees(_ c: Corp, in city: City) -> Int {
        guard c.both else { return c.employees }
        let home = max(1, c.employees * c.homeShare / 1000)
        return city == c.home ? min(home, c.employees - 1) : max(1, c.employees - min(home, c.employees - 1))
    }

    mutating func newCorp(founded: CivilDate) -> Corp {
        let size = rng.below(1000)
        let employees: Int, capital: Int64
        switch size {
        case ..<700: employees = 1 + rng.below(20); capital = Int64(1 + rng.below(10)) * 1_000_000
        case ..<950: employees = 5 + rng.below(55); capital = Int64(10 + rng.below(90)) * 1_000_000
        case ..<997: employees = 50 + rng.below(250); capital = Int64(100 + rng.below(900)) * 1_000_000
        default: employees = 300 + rng.below(2700); capital = Int64(1 + rng.below(50)) * 1_000_000_000
        }
        let both = rng.chance(size >= 950 ? 0.35 : 0.08)
        let months = [3, 3, 3, 3, 3, 3, 3, 12, 12, 6, 9, 1 + rng.below(12)]
        return Corp(home: rng.chance(0.5) ? .okazaki : .toyohashi, both: both, capital: capital, publicInterest: rng.chance(0.02),
                    yearEndMonth: months[rng.below(months.count)], founded: founded, employees: employees, homeShare: 300 + rng.below(600),
                    floorPerEmployee: Int64(1_000 + rng.below(size >= 950 ? 2_500 : 1_500)), pay: Int64(3_400_000 + rng.below(1_800_000)),
                    name: rng.below(Self.words.count * Self.trades.count))
    }

    func at(_ day: CivilDate, _ rng: inout SplitMix) -> RecordedTime {
        RecordedTime(japan: day, hour: 8 + rng.below(10), minute: rng.below(60), second: rng.below(60))
    }

    /// Registration, name and first office of a corporation in each of its cities.
    mutating func register(_ i: Int, valid: CivilDate, recordedOn: CivilDate, _ sink: inout EventSink) {
        let c = corps[i]
        let (w, t) = (Self.words[c.name % Self.words.count], Self.trades[c.name / Self.words.count])
        for city in cities(c) {
            var f: [String: FieldValue] = ["corporate_number": .text(String(1_180_001_000_000 + Int64(i)))]
            if c.publicInterest { f["public_interest"] = .bool(true) }
            sink.emit(city, id(i, city), .corporationRegistered, valid: valid, recorded: at(recordedOn, &rng), f)
            let kind = c.publicInterest ? ("一般社団法人", "イッパンシャダンホウジン") : ("株式会社", "カブシキガイシャ")
            sink.emit(city, id(i, city), .nameRecorded, valid: valid, recorded: at(recordedOn, &rng), [
                "name": .text(kind.0 + w.0 + t.0), "kana": .text(kind.1 + w.1 + t.1), "reason": .choice(Vocabulary.NameReason.registration),
            ])
            let floor = Int64(employees(c, in: city)) * c.floorPerEmployee
            var office: [String: FieldValue] = ["office": .text("main"), "floor_m2": .int(floor)]
            if let special = c.special {
                office["special_use"] = .choice(special.use)
                office["special_m2"] = .int(floor * special.floor / 1000)
            }
            sink.emit(city, id(i, city), .officeOpened, valid: valid, recorded: at(recordedOn, &rng), office)
            corps[i].officesOpened.insert(city.code)
        }
    }

    mutating func seed(_ sink: inout EventSink) {
        let count = max(4, Int(Double(residents) * 0.028 * scale))
        for i in 0..<count {
            let founded = CivilDate(year: 1950 + rng.below(63), month: 1 + rng.below(12), day: 1 + rng.below(28))!
            corps.append(newCorp(founded: founded))
            if !corps[i].publicInterest { corps[i].special = Self.specialUse(i) }
            register(i, valid: founded, recordedOn: CivilDate(year: 2013, month: 1, day: 4)!, &sink)
        }
    }

    /// The national 法人税 of a period: about a third of corporations make a profit; 15% on the
    /// first 8 million for small ones (資本金 1億円以下), 23.2% on the rest, cut to 100 yen.
    mutating func nationalTax(_ c: Corp) -> Int64 {
        guard rng.chance(0.35) else { return 0 }
        let profit = Int64(c.employees) * Int64(200_000 + rng.below(1_600_000))
        let small = c.capital <= 100_000_000 ? min(profit, 8_000_000) : 0
        let tax = small * 15 / 100 + (profit - small) * 232 / 1000
        return tax / 100 * 100
    }

    /// The year's events: founding and closing, employees changing, and every return whose
    /// 法定納期限 (or interim one) falls in the year, each filed in it.
    mutating func step(year: Int, _ sink: inout EventSink) {
        if year == 2013 { seed(&sink) }
        let lastDay = CivilDate(year: year, month: 12, day: 28)!
        // Closures and new corporations.
        let live = corps.indices.filter { corps[$0].closed == nil }
        for i in live where rng.chance(0.025) {
            let day = CivilDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!
            corps[i].closed = day
            for city in cities(corps[i]) {
                sink.emit(city, id(i, city), .officeClosed, valid: day, recorded: at(min(day.adding(days: 1 + rng.below(10)), lastDay), &rng), ["office": .text("main")])
            }
        }
        for _ in 0..<Int(Double(live.count) * 0.035) {
            let day = CivilDate(year: year, month: 1 + rng.below(12), day: 1 + rng.below(28))!
            corps.append(newCorp(founded: day))
            if !corps[corps.count - 1].publicInterest { corps[corps.count - 1].special = Self.specialUse(corps.count - 1) }
            register(corps.count - 1, valid: day, recordedOn: min(day.adding(days: 3 + rng.below(20)), lastDay), &sink)
        }
        for i in corps.indices {
            if rng.chance(0.3) { corps[i].employees = max(corps[i].both ? 2 : 1, corps[i].employees * (900 + rng.below(250)) / 1000) }
            fileReturns(i, year: year, lastDay: lastDay, &sink)
        }
    }

    mutating func fileReturns(_ i: Int, year: Int, lastDay: CivilDate, _ sink: inout EventSink) {
        fileCarriedInterim(i, year: year, lastDay: lastDay, &sink)
        let c = corps[i]
        // The period whose final return is due in the year: it ends in the year for year ends
        // up to October, in the year before for November and December.
        let endYear = c.yearEndMonth <= 10 ? year : year - 1
        let nominalEnd = CivilDate(year: endYear, month: c.yearEndMonth, day: CivilDate.daysIn(year: endYear, month: c.yearEndMonth))!
        let nominalStart = nominalEnd.adding(days: 1).addingYears(-1)
        var end = nominalEnd
        if let closed = c.closed, closed < nominalEnd { end = closed }
        let start = max(nominalStart, c.founded)
        guard start <= end, c.closed.map({ $0 >= start }) ?? true else { return }
        let due = final(end)
        var filed = due.adding(days: -rng.below(21))
        if rng.chance(0.06) { filed = due.adding(days: 1 + rng.below(60)) }
        filed = min(filed, lastDay)
        guard filed.year == year, filed >= end else { return }
        let tax = nationalTax(c)
        let recorded = at(min(filed.adding(days: 1 + rng.below(5)), lastDay), &rng)
        for city in cities(c) {
            sink.emit(city, id(i, city), .corporateReturnFiled, valid: filed, recorded: recorded, returnFields(c, .final, start, end, tax, city))
        }
        // A few amend within the year.
        if tax > 0, rng.chance(0.03) {
            let amendedOn = filed.adding(days: 60 + rng.below(120))
            if amendedOn < lastDay {
                let more = tax * Int64(1050 + rng.below(250)) / 1000 / 100 * 100
                for city in cities(c) {
                    sink.emit(city, id(i, city), .corporateReturnFiled, valid: amendedOn, recorded: at(min(amendedOn.adding(days: 2), lastDay), &rng),
                              returnFields(c, .amended, start, end, more, city))
                }
            }
        }
        corps[i].lastNationalTax = tax
        // 予定申告 (前期実績) of the next period, when half of this period's tax is over 100,000
        // yen (法人税法第71条), filed in the year if its deadline falls in it.
        let nextStart = end.adding(days: 1)
        let nextEnd = nextStart.addingYears(1).adding(days: -1)
        let interimDue = interim(nextStart)
        if tax / 2 > 100_000, c.closed == nil, interimDue.year == year {
            let on = min(interimDue.adding(days: -rng.below(14)), lastDay)
            for city in cities(c) {
                sink.emit(city, id(i, city), .corporateReturnFiled, valid: on, recorded: at(min(on.adding(days: 1 + rng.below(4)), lastDay), &rng),
                          returnFields(c, .interim, nextStart, nextEnd, tax / 2 / 100 * 100, city))
            }
        } else if tax / 2 > 100_000, c.closed == nil, interimDue.year == year + 1 {
            corps[i].pendingInterim = (nextStart, nextEnd, interimDue, tax / 2 / 100 * 100)
        }
    }

    /// The 予定申告 carried from last year, filed in the last two weeks before its 提出期限 unless
    /// the corporation closed first. Drawn from its own stream (the corporation's number and the
    /// year), so the rest of the population is the same as before these were filed.
    mutating func fileCarriedInterim(_ i: Int, year: Int, lastDay: CivilDate, _ sink: inout EventSink) {
        guard let p = corps[i].pendingInterim, p.due.year == year else { return }
        corps[i].pendingInterim = nil
        let c = corps[i]
        var r = SplitMix(seed: UInt64(i) &* 0xA24BAED4963EE407 &+ UInt64(year))
        let on = min(p.due.adding(days: -r.below(14)), lastDay)
        guard c.closed.map({ $0 > on }) ?? true else { return }
        for city in cities(c) {
            sink.emit(city, id(i, city), .corporateReturnFiled, valid: on, recorded: at(min(on.adding(days: 1 + r.below(4)), lastDay), &r),
                      returnFields(c, .interim, p.start, p.end, p.tax, city))
        }
    }

    func returnFields(_ c: Corp, _ kind: Vocabulary.CorporateReturnKind, _ start: CivilDate, _ end: CivilDate, _ tax: Int64, _ city: City) -> [String: FieldValue] {
        let inCity = employees(c, in: city)
        var f: [String: FieldValue] = [
            "kind": .choice(kind), "period_start": .int(Int64(start.packed)), "period_end": .int(Int64(end.packed)),
            "national_corporate_tax": .int(tax), "employees_in_city": .int(Int64(inCity)),
        ]
        if !c.publicInterest { f["capital"] = .int(c.capital) }
        if c.both { f["employees_total"] = .int(Int64(c.employees)) }
        if kind != .interim {
            let payroll = Int64(inCity) * c.pay
            f["payroll"] = .int(payroll)
            if let special = c.special, special.payroll > 0 {
                f["special_use"] = .choice(special.use)
                f["special_payroll"] = .int(payroll * special.payroll / 1000)
            }
        }
        return f
    }

    /// The deadlines the generated companies keep to, as the statute has stood since 1975. The
    /// generator's own copy of the months (`revisions/corporate-tax/deadlines-fy2013.yaml` is
    /// what Kaisei assesses by): a population is fixed by its seed alone, whatever law data
    /// is edited later.
    static let habit = CorporateDeadlineRules(finalMonths: 2, interimPeriodMonths: 6, officeTaxFinalMonths: 2, individualMonth: 3,
                                              individualDay: 15, individualEndedMonths: 1, individualDiedMonths: 4)
    func final(_ end: CivilDate) -> CivilDate { CorporateDeadlines.final(periodEnd: end, Self.habit) }
    func interim(_ start: CivilDate) -> CivilDate { CorporateDeadlines.interim(periodStart: start, Self.habit) }
}

extension CivilDate {
    /// The same day `n` months on (the month's last day when it has no such day).
    func addingMonths(_ n: Int) -> CivilDate {
        let index = year * 12 + (month - 1) + n
        let y = index / 12, m = index % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(year: y, month: m)))!
    }
    func addingYears(_ n: Int) -> CivilDate { addingMonths(12 * n) }
}
