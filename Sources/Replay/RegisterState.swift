import KaiseiCore
import KaiseiEvents

/// 氏名 as the register holds it: kanji (or a corporation's 名称) and its フリガナ.
public struct RegisteredName: Sendable, Equatable {
    public let name: String
    public let kana: String
    public init(name: String, kana: String) { self.name = name; self.kana = kana }
}

/// 住所 within the city.
public struct RegisteredAddress: Sendable, Equatable {
    public let town: String
    public let block: String
    public let building: String?
    public let postalCode: String?
    public init(town: String, block: String, building: String?, postalCode: String?) {
        self.town = town; self.block = block; self.building = building; self.postalCode = postalCode
    }
    /// One line as a notice prints it, without the city (a city's staff see only their city).
    public var line: String { [town + block, building].compactMap { $0 }.joined(separator: " ") }
}

/// One staff account of the city's counter service, folded from its events. The hash is the
/// only secret kept, and `version` (the seq of the last change) ends every session opened
/// before a reset or a disabling.
public struct StaffAccount: Sendable, Equatable {
    public let user: String
    public var role: Vocabulary.StaffRole
    public var passwordHash: String
    public var enabled: Bool
    public var version: Int64
    public var addedOn: CivilDate
}

extension Timeline {
    /// The value holding on `date` as known through log position `seq`: entries recorded later
    /// are not seen, so a page "as known at" a past moment reads this instead of a replay.
    public func value(on date: CivilDate, knownThrough seq: Int64) -> Value? {
        var found: Value?
        for e in entries where e.valid <= date && e.seq <= seq { found = e.value }
        return found
    }
}

extension Population {
    /// Folds 宛名 and staff events (called from `apply`).
    mutating func applyRegister(_ e: Event, seq: Int64) {
        let v = e.validDate
        switch e.type {
        case .nameRecorded:
            let f = EventFields.shared.nameRecorded
            guard let name = e[f.name], let kana = e[f.kana] else { return }
            names[e.subject, default: Timeline()].set(RegisteredName(name: name, kana: kana), from: v, seq: seq)
        case .addressRecorded:
            let f = EventFields.shared.addressRecorded
            guard let town = e[f.town], let block = e[f.block] else { return }
            let address = RegisteredAddress(town: town, block: block, building: e[f.building], postalCode: e[f.postalCode])
            addresses[e.subject, default: Timeline()].set(address, from: v, seq: seq)
        case .staffAccountAdded:
            let f = EventFields.shared.staff
            guard let user = e[f.user], let role = e[f.role], let hash = e[f.addedPasswordHash] else { return }
            staff[e.subject] = StaffAccount(user: user, role: role, passwordHash: hash, enabled: true, version: seq, addedOn: v)
        case .staffAccountDisabled:
            staff[e.subject]?.enabled = false
            staff[e.subject]?.version = seq
        case .staffPasswordReset:
            guard let hash = e[EventFields.shared.staff.resetPasswordHash] else { return }
            staff[e.subject]?.passwordHash = hash
            staff[e.subject]?.version = seq
        default:
            break
        }
    }
}
