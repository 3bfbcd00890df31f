import KaiseiCore
import KaiseiEvents
import Law

/// The replayed state of both cities as bytes, and back: every subject with its whole
/// valid-time history (each timeline entry keeps its valid date and log position), so that
/// events recorded after a snapshot — including ones valid long before it — fold in exactly as
/// they would have into a replay from the first event. Keys are written in sorted order, so the
/// same state always gives the same bytes (the snapshot tests compare them).
public enum StateCodec {
    /// Bumped whenever the layout or the fold changes: an older snapshot is then ignored.
    public static let formatVersion: UInt64 = 15

    public static func encode(_ pops: [City: Population]) -> [UInt8] {
        var w = StateWriter()
        w.u(UInt64(pops.count))
        for c in City.allCases where pops[c] != nil { w.encode(pops[c]!) }
        return w.w.bytes
    }

    /// The same bytes, handed to `sink` a few megabytes at a time (in order), so a snapshot is
    /// written without the whole encoding in memory beside the state.
    public static func encode(_ pops: [City: Population], sink: ([UInt8]) throws -> Void) rethrows {
        var w = StateWriter()
        w.u(UInt64(pops.count))
        for c in City.allCases where pops[c] != nil { try w.encode(pops[c]!, flush: sink) }
        try sink(w.w.bytes)
    }

    public struct Malformed: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [City: Population] {
        var r = StateReader(r: ByteReader(bytes))
        var out: [City: Population] = [:]
        let n = try r.u()
        for _ in 0..<n { let p = try r.population(); out[p.city] = p }
        guard r.r.isAtEnd else { throw Malformed(reason: "trailing bytes") }
        return out
    }
}

struct StateWriter {
    var w = ByteWriter(capacity: 1 << 20)
    mutating func u(_ v: UInt64) { w.unsigned(v) }
    mutating func i(_ v: Int64) { w.signed(v) }
    mutating func int(_ v: Int) { w.signed(Int64(v)) }
    mutating func b(_ v: Bool) { w.byte(v ? 1 : 0) }
    mutating func s(_ v: String) { w.string(v) }
    mutating func yen(_ v: Yen) { w.signed(v.amount) }
    mutating func date(_ d: CivilDate) { w.signed(Int64(d.packed)) }
    mutating func opt<T>(_ v: T?, _ body: (inout StateWriter, T) -> Void) { if let v { b(true); body(&self, v) } else { b(false) } }
    mutating func list<T>(_ xs: [T], _ body: (inout StateWriter, T) -> Void) { u(UInt64(xs.count)); for x in xs { body(&self, x) } }
    mutating func timeline<T>(_ t: Timeline<T>, _ body: (inout StateWriter, T) -> Void) {
        u(UInt64(t.entries.count))
        for e in t.entries { date(e.valid); i(e.seq); body(&self, e.value) }
    }
    mutating func income(_ f: IncomeFacts) { yen(f.salary); yen(f.pension); yen(f.business); yen(f.other) }

    mutating func encode(_ p: Population) { encode(p, flushAt: .max) { _ in } }

    /// Hands the bytes so far to `flush` once they pass `flushAt` (between subjects).
    mutating func flushIfLarge(_ flushAt: Int, _ flush: ([UInt8]) throws -> Void) rethrows {
        guard w.bytes.count >= flushAt else { return }
        try flush(w.bytes)
        w.bytes.removeAll(keepingCapacity: true)
    }

    mutating func encode(_ p: Population, flushAt: Int = 1 << 22, flush: ([UInt8]) throws -> Void) rethrows {
        u(UInt64(p.city.code)); i(p.watermark); i(p.recordedThrough.microseconds)
        u(UInt64(p.residents.count))
        // Keys sorted, values looked up: a sorted copy of the pairs would hold every resident's
        // state a second time (inline in the array) while it is written.
        for id in p.residents.keys.sorted() { s(id); resident(p.residents[id]!); try flushIfLarge(flushAt, flush) }
        u(UInt64(p.vehicles.count))
        for (id, v) in p.vehicles.sorted(by: { $0.key < $1.key }) { s(id); vehicle(v); try flushIfLarge(flushAt, flush) }
        u(UInt64(p.parcels.count))
        for (id, l) in p.parcels.sorted(by: { $0.key < $1.key }) { s(id); parcel(l); try flushIfLarge(flushAt, flush) }
        u(UInt64(p.buildings.count))
        for (id, bl) in p.buildings.sorted(by: { $0.key < $1.key }) { s(id); building(bl); try flushIfLarge(flushAt, flush) }
        u(UInt64(p.householdHeads.count))
        for (id, t) in p.householdHeads.sorted(by: { $0.key < $1.key }) { s(id); timeline(t) { $0.s($1) } }
        u(UInt64(p.names.count))
        for id in p.names.keys.sorted() { s(id); timeline(p.names[id]!) { w, n in w.s(n.name); w.s(n.kana) }; try flushIfLarge(flushAt, flush) }
        u(UInt64(p.addresses.count))
        for id in p.addresses.keys.sorted() {
            s(id)
            timeline(p.addresses[id]!) { w, a in w.s(a.town); w.s(a.block); w.opt(a.building) { $0.s($1) }; w.opt(a.postalCode) { $0.s($1) } }
            try flushIfLarge(flushAt, flush)
        }
        u(UInt64(p.staff.count))
        for (id, a) in p.staff.sorted(by: { $0.key < $1.key }) {
            s(id); s(a.user); s(a.role.rawValue); s(a.passwordHash); b(a.enabled); i(a.version); date(a.addedOn)
        }
        u(UInt64(p.ledger.levies.count))
        for (id, ls) in p.ledger.levies.sorted(by: { $0.key < $1.key }) {
            s(id)
            list(ls) { w, l in
                w.s(l.tax.rawValue); w.int(l.fiscalYear); w.yen(l.amount); w.s(l.revisionSet); w.i(l.watermark); w.i(l.seq)
                w.i(l.recordedAt.microseconds); w.b(l.corrected); w.date(l.noticeDate); w.opt(l.dueDate) { $0.date($1) }; w.opt(l.returnFiled) { $0.date($1) }; w.b(l.fraudForeseen)
            }
        }
        u(UInt64(p.ledger.payments.count))
        for (id, ps) in p.ledger.payments.sorted(by: { $0.key < $1.key }) {
            s(id)
            list(ps) { w, x in
                w.s(x.tax.rawValue); w.int(x.fiscalYear); w.yen(x.amount); w.date(x.date); w.i(x.seq); w.s(x.kind.rawValue); w.i(x.recordedAt.microseconds)
            }
        }
        u(UInt64(p.ledger.demands.count))
        for (id, ds) in p.ledger.demands.sorted(by: { $0.key < $1.key }) {
            s(id)
            list(ds) { w, x in
                w.s(x.tax.rawValue); w.int(x.fiscalYear); w.int(x.instalment); w.date(x.dueDate); w.date(x.date); w.yen(x.fee); w.i(x.seq)
                w.i(x.recordedAt.microseconds)
            }
        }
        u(UInt64(p.ledger.settlements.count))
        for (id, xs) in p.ledger.settlements.sorted(by: { $0.key < $1.key }) {
            s(id)
            list(xs) { w, x in
                w.s(x.kind.rawValue); w.s(x.tax.rawValue); w.s(x.sourceKind.rawValue); w.int(x.fiscalYear); w.yen(x.amount)
                w.opt(x.targetTax) { $0.s($1.rawValue) }; w.opt(x.targetFiscalYear) { $0.int($1) }; w.opt(x.deemedPaidOn) { $0.date($1) }
                w.s(x.targetKind.rawValue); w.yen(x.interest); w.date(x.date); w.i(x.seq); w.i(x.recordedAt.microseconds)
            }
        }
        u(UInt64(p.corporations.count))
        for id in p.corporations.keys.sorted() {
            let c = p.corporations[id]!
            s(id); opt(c.corporateNumber) { $0.s($1) }; b(c.publicInterest); b(c.individual); opt(c.registered) { $0.date($1) }
            u(UInt64(c.officeMarks.count))
            for office in c.officeMarks.keys.sorted() {
                s(office)
                list(c.officeMarks[office]!) { w, m in
                    w.date(m.date); w.i(m.seq)
                    w.opt(m.floor) { w, f in
                        w.i(f.floorCentiM2); w.i(f.sharedCentiM2); w.i(f.allExclusiveCentiM2); w.i(f.exemptCentiM2)
                        w.opt(f.specialUse) { $0.s($1.rawValue) }; w.i(f.specialCentiM2)
                    }
                }
            }
            list(c.returns) { w, r in
                w.s(r.kind.rawValue); w.date(r.periodStart); w.date(r.periodEnd); w.opt(r.capital) { $0.yen($1) }; w.yen(r.nationalCorporateTax)
                w.int(r.employeesInCity); w.opt(r.employeesTotal) { $0.int($1) }; w.opt(r.officeTaxEmployees) { $0.int($1) }
                w.opt(r.payroll) { $0.yen($1) }; w.yen(r.exemptPayroll); w.opt(r.specialUse) { $0.s($1.rawValue) }; w.yen(r.specialPayroll)
                w.b(r.fraudForeseen); w.b(r.proprietorDied); w.date(r.filed); w.i(r.seq)
            }
            try flushIfLarge(flushAt, flush)
        }
    }

    mutating func resident(_ r: ResidentState) {
        opt(r.birthDate) { $0.date($1) }; b(r.female); b(r.linealAscendant)
        timeline(r.resident) { $0.b($1) }
        timeline(r.household) { $0.s($1) }
        timeline(r.disability) { $0.s($1.rawValue) }
        timeline(r.familyStatus) { $0.s($1.rawValue) }
        timeline(r.workingStudent) { $0.b($1) }
        timeline(r.spouse) { w, v in w.opt(v) { $0.s($1) } }
        timeline(r.spouseCohabiting) { $0.b($1) }
        u(UInt64(r.dependants.count))
        for (id, t) in r.dependants.sorted(by: { $0.key < $1.key }) { s(id); timeline(t) { $0.b($1) } }
        u(UInt64(r.dependantCohabiting.count))
        for (id, c) in r.dependantCohabiting.sorted(by: { $0.key < $1.key }) { s(id); b(c) }
        u(UInt64(r.declaredIncome.count))
        for (y, d) in r.declaredIncome.sorted(by: { $0.key < $1.key }) { int(y); int(d.precedence); i(d.seq); income(d.income) }
        u(UInt64(r.correctedIncome.count))
        for (y, f) in r.correctedIncome.sorted(by: { $0.key < $1.key }) { int(y); income(f) }
        u(UInt64(r.deductions.count))
        for (y, d) in r.deductions.sorted(by: { $0.key < $1.key }) {
            int(y); yen(d.socialInsurance); yen(d.lifeInsurance); yen(d.earthquakeInsurance); yen(d.medical); yen(d.other)
        }
        list(r.donations) { w, d in w.date(d.date); w.yen(d.amount); w.b(d.oneStop); w.s(d.municipality) }
        list(r.oneStopLapsed.sorted()) { $0.int($1) }
        timeline(r.nhi) { w, v in w.opt(v) { $0.s($1) } }
        list(r.involuntaryJobLoss) { $0.date($1) }
        list(r.maternity) { w, m in w.date(m.expected); w.b(m.multiple) }
        timeline(r.pension) { $0.b($1) }
        u(UInt64(r.pensionExemptions.count))
        for (y, k) in r.pensionExemptions.sorted(by: { $0.key < $1.key }) { int(y); s(k) }
        opt(r.nhiToElderlyOn) { $0.date($1) }
    }

    mutating func vehicle(_ v: VehicleState) {
        let f = v.facts
        s(f.vehicleClass.rawValue); opt(f.firstInspection) { $0.int($1.packed) }; b(f.firstInspectionYearOnly); s(f.fuel.rawValue)
        opt(f.emissionStars) { $0.int($1) }; opt(f.fuelEconomyStandard) { $0.s($1) }; opt(f.fuelEconomyAchievementPercent) { $0.int($1) }
        opt(f.registeredNewOn) { $0.date($1) }
        timeline(v.owner) { $0.s($1) }
        timeline(v.registered) { $0.b($1) }
    }

    mutating func parcel(_ l: ParcelState) {
        s(l.category.rawValue); i(l.areaCentiM2); b(l.urbanizationArea)
        timeline(l.open) { $0.b($1) }
        timeline(l.owners) { w, o in w.list(o) { $0.s($1) } }
        timeline(l.use) { w, u in w.s(u.use.rawValue); w.int(u.dwellings); w.opt(u.sharePercent) { $0.int($1) }; w.opt(u.floors) { $0.int($1) } }
        list(l.values.entries) { w, e in w.int(e.year); w.yen(e.value) }
        timeline(l.vacant) { w, v in w.opt(v) { $0.s($1.rawValue) } }
        timeline(l.idleFarmland) { $0.b($1) }
        list(l.buildings) { $0.s($1) }
    }

    mutating func building(_ bl: BuildingState) {
        s(bl.parcel)
        let f = bl.facts
        s(f.use.rawValue); i(f.floorCentiM2); opt(f.dwellingFloorCentiM2) { $0.i($1) }; int(f.dwellings); b(f.nonWooden); int(f.storeys)
        opt(f.newlyBuiltOn) { $0.date($1) }; b(f.longLifeQuality); yen(f.value)
        timeline(bl.owners) { w, o in w.list(o) { $0.s($1) } }
        timeline(bl.standing) { $0.b($1) }
        list(bl.values.entries) { w, e in w.int(e.year); w.yen(e.value) }
    }
}

struct StateReader {
    var r: ByteReader
    typealias Bad = StateCodec.Malformed
    mutating func u() throws -> UInt64 { try r.unsigned() }
    mutating func i() throws -> Int64 { try r.signed() }
    mutating func int() throws -> Int { Int(try r.signed()) }
    mutating func count() throws -> Int {
        let n = try u()
        guard n <= UInt64(r.base.count) else { throw Bad(reason: "count \(n) beyond the data") }
        return Int(n)
    }
    mutating func b() throws -> Bool {
        switch try r.byte() { case 0: return false; case 1: return true; default: throw Bad(reason: "bad flag") }
    }
    mutating func s() throws -> String { try r.string() }
    mutating func yen() throws -> Yen { Yen(try r.signed()) }
    mutating func date() throws -> CivilDate {
        guard let d = CivilDate(packed: Int(try r.signed())) else { throw Bad(reason: "bad date") }
        return d
    }
    mutating func opt<T>(_ body: (inout StateReader) throws -> T) throws -> T? { try b() ? try body(&self) : nil }
    mutating func list<T>(_ body: (inout StateReader) throws -> T) throws -> [T] {
        let n = try count()
        var out: [T] = []; out.reserveCapacity(n)
        for _ in 0..<n { out.append(try body(&self)) }
        return out
    }
    mutating func timeline<T>(_ body: (inout StateReader) throws -> T) throws -> Timeline<T> {
        let n = try count()
        var entries: [(valid: CivilDate, seq: Int64, value: T)] = []; entries.reserveCapacity(n)
        for _ in 0..<n { let d = try date(); let q = try i(); entries.append((d, q, try body(&self))) }
        return Timeline(sortedEntries: entries)
    }
    mutating func raw<T: RawRepresentable>(_ t: T.Type) throws -> T where T.RawValue == String {
        let v = try s()
        guard let x = T(rawValue: v) else { throw Bad(reason: "unknown \(T.self) \"\(v)\"") }
        return x
    }
    mutating func income() throws -> IncomeFacts { IncomeFacts(salary: try yen(), pension: try yen(), business: try yen(), other: try yen()) }

    mutating func population() throws -> Population {
        let code = try u()
        guard code < 256, let city = City(code: UInt8(code)) else { throw Bad(reason: "unknown city") }
        var p = Population(city: city)
        p.restoreWatermark(try i())
        p.restoreRecordedThrough(RecordedTime(microseconds: try i()))
        for _ in 0..<(try count()) { let id = try s(); p.residents[id] = try resident() }
        for _ in 0..<(try count()) { let id = try s(); p.vehicles[id] = try vehicle() }
        for _ in 0..<(try count()) { let id = try s(); p.parcels[id] = try parcel() }
        for _ in 0..<(try count()) { let id = try s(); p.buildings[id] = try building() }
        for _ in 0..<(try count()) { let id = try s(); p.householdHeads[id] = try timeline { try $0.s() } }
        for _ in 0..<(try count()) { let id = try s(); p.names[id] = try timeline { RegisteredName(name: try $0.s(), kana: try $0.s()) } }
        for _ in 0..<(try count()) {
            let id = try s()
            p.addresses[id] = try timeline { r in
                RegisteredAddress(town: try r.s(), block: try r.s(), building: try r.opt { try $0.s() }, postalCode: try r.opt { try $0.s() })
            }
        }
        for _ in 0..<(try count()) {
            let id = try s()
            p.staff[id] = StaffAccount(user: try s(), role: try raw(Vocabulary.StaffRole.self), passwordHash: try s(), enabled: try b(),
                                       version: try i(), addedOn: try date())
        }
        for _ in 0..<(try count()) {
            let id = try s()
            p.ledger.levies[id] = try list { r in
                RecordedLevy(tax: try r.raw(LevyTax.self), fiscalYear: try r.int(), amount: try r.yen(), revisionSet: try r.s(), watermark: try r.i(),
                             seq: try r.i(), recordedAt: RecordedTime(microseconds: try r.i()), corrected: try r.b(), noticeDate: try r.date(),
                             dueDate: try r.opt { try $0.date() }, returnFiled: try r.opt { try $0.date() }, fraudForeseen: try r.b())
            }
        }
        for _ in 0..<(try count()) {
            let id = try s()
            p.ledger.payments[id] = try list { r in
                RecordedPayment(tax: try r.raw(LevyTax.self), fiscalYear: try r.int(), amount: try r.yen(), date: try r.date(), seq: try r.i(),
                                kind: try r.raw(RecordedPayment.Kind.self), recordedAt: RecordedTime(microseconds: try r.i()))
            }
        }
        for _ in 0..<(try count()) {
            let id = try s()
            p.ledger.demands[id] = try list { r in
                RecordedDemand(tax: try r.raw(LevyTax.self), fiscalYear: try r.int(), instalment: try r.int(), dueDate: try r.date(), date: try r.date(),
                               fee: try r.yen(), seq: try r.i(), recordedAt: RecordedTime(microseconds: try r.i()))
            }
        }
        for _ in 0..<(try count()) {
            let id = try s()
            p.ledger.settlements[id] = try list { r in
                RecordedSettlement(kind: try r.raw(RecordedSettlement.Kind.self), tax: try r.raw(LevyTax.self), sourceKind: try r.raw(RecordedPayment.Kind.self),
                                   fiscalYear: try r.int(), amount: try r.yen(),
                                   targetTax: try r.opt { try $0.raw(LevyTax.self) }, targetFiscalYear: try r.opt { try $0.int() },
                                   deemedPaidOn: try r.opt { try $0.date() }, targetKind: try r.raw(RecordedPayment.Kind.self), interest: try r.yen(),
                                   date: try r.date(), seq: try r.i(), recordedAt: RecordedTime(microseconds: try r.i()))
            }
        }
        for _ in 0..<(try count()) {
            let id = try s()
            var c = CorporationState()
            c.corporateNumber = try opt { try $0.s() }; c.publicInterest = try b(); c.individual = try b(); c.registered = try opt { try $0.date() }
            for _ in 0..<(try count()) {
                let office = try s()
                c.officeMarks[office] = try list { r in
                    OfficeMark(date: try r.date(), seq: try r.i(), floor: try r.opt { r in
                        OfficeFloor(floorCentiM2: try r.i(), sharedCentiM2: try r.i(), allExclusiveCentiM2: try r.i(), exemptCentiM2: try r.i(),
                                    specialUse: try r.opt { try $0.raw(Vocabulary.OfficeSpecialUse.self) }, specialCentiM2: try r.i())
                    })
                }
            }
            c.returns = try list { r in
                CorporateReturn(kind: try r.raw(CorporateReturnKind.self), periodStart: try r.date(), periodEnd: try r.date(), capital: try r.opt { try $0.yen() },
                                nationalCorporateTax: try r.yen(), employeesInCity: try r.int(), employeesTotal: try r.opt { try $0.int() },
                                officeTaxEmployees: try r.opt { try $0.int() }, payroll: try r.opt { try $0.yen() }, exemptPayroll: try r.yen(),
                                specialUse: try r.opt { try $0.raw(Vocabulary.OfficeSpecialUse.self) }, specialPayroll: try r.yen(),
                                fraudForeseen: try r.b(), proprietorDied: try r.b(), filed: try r.date(), seq: try r.i())
            }
            p.corporations[id] = c
        }
        return p
    }

    mutating func resident() throws -> ResidentState {
        var r = ResidentState()
        r.birthDate = try opt { try $0.date() }; r.female = try b(); r.linealAscendant = try b()
        r.resident = try timeline { try $0.b() }
        r.household = try timeline { try $0.s() }
        r.disability = try timeline { try $0.raw(Disability.self) }
        r.familyStatus = try timeline { try $0.raw(FamilyStatus.self) }
        r.workingStudent = try timeline { try $0.b() }
        r.spouse = try timeline { r in try r.opt { try $0.s() } }
        r.spouseCohabiting = try timeline { try $0.b() }
        for _ in 0..<(try count()) { let id = try s(); r.dependants[id] = try timeline { try $0.b() } }
        for _ in 0..<(try count()) { let id = try s(); r.dependantCohabiting[id] = try b() }
        for _ in 0..<(try count()) { let y = try int(); r.declaredIncome[y] = (try int(), try i(), try income()) }
        for _ in 0..<(try count()) { let y = try int(); r.correctedIncome[y] = try income() }
        for _ in 0..<(try count()) {
            let y = try int()
            r.deductions[y] = DeclaredDeductions(socialInsurance: try yen(), lifeInsurance: try yen(), earthquakeInsurance: try yen(), medical: try yen(), other: try yen())
        }
        r.donations = try list { r in Donation(date: try r.date(), amount: try r.yen(), oneStop: try r.b(), municipality: try r.s()) }
        r.oneStopLapsed = Set(try list { try $0.int() })
        r.nhi = try timeline { r in try r.opt { try $0.s() } }
        r.involuntaryJobLoss = try list { try $0.date() }
        r.maternity = try list { r in (try r.date(), try r.b()) }
        r.pension = try timeline { try $0.b() }
        for _ in 0..<(try count()) { let y = try int(); r.pensionExemptions[y] = try s() }
        r.nhiToElderlyOn = try opt { try $0.date() }
        return r
    }

    mutating func vehicle() throws -> VehicleState {
        var f = VehicleFacts(vehicleClass: try raw(LightVehicleClass.self))
        f.firstInspection = try opt { YearMonth(packed: try $0.int()) } ?? nil
        f.firstInspectionYearOnly = try b(); f.fuel = try raw(VehicleFuel.self)
        f.emissionStars = try opt { try $0.int() }; f.fuelEconomyStandard = try opt { try $0.s() }
        f.fuelEconomyAchievementPercent = try opt { try $0.int() }; f.registeredNewOn = try opt { try $0.date() }
        var v = VehicleState(facts: f)
        v.owner = try timeline { try $0.s() }
        v.registered = try timeline { try $0.b() }
        return v
    }

    mutating func parcel() throws -> ParcelState {
        var l = ParcelState()
        l.category = try raw(LandCategory.self); l.areaCentiM2 = try i(); l.urbanizationArea = try b()
        l.open = try timeline { try $0.b() }
        l.owners = try timeline { r in try r.list { try $0.s() } }
        l.use = try timeline { r in ParcelUse(use: try r.raw(LandUse.self), dwellings: try r.int(), sharePercent: try r.opt { try $0.int() }, floors: try r.opt { try $0.int() }) }
        for (y, v) in try list({ r in (try r.int(), try r.yen()) }) { l.values.set(y, v) }
        l.vacant = try timeline { r in try r.opt { try $0.raw(VacantHouseCategory.self) } }
        l.idleFarmland = try timeline { try $0.b() }
        l.buildings = try list { try $0.s() }
        return l
    }

    mutating func building() throws -> BuildingState {
        let parcel = try s()
        var f = BuildingFacts(use: try raw(BuildingFacts.Use.self), floorCentiM2: try i(), value: .zero)
        f.dwellingFloorCentiM2 = try opt { try $0.i() }; f.dwellings = try int(); f.nonWooden = try b(); f.storeys = try int()
        f.newlyBuiltOn = try opt { try $0.date() }; f.longLifeQuality = try b(); f.value = try yen()
        var bl = BuildingState(parcel: parcel, facts: f)
        bl.owners = try timeline { r in try r.list { try $0.s() } }
        bl.standing = try timeline { try $0.b() }
        for (y, v) in try list({ r in (try r.int(), try r.yen()) }) { bl.values.set(y, v) }
        return bl
    }
}
