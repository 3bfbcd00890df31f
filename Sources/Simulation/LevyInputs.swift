import KaiseiCore
import KaiseiEvents
import Replay

/// Who and what a subject's levies read, so that a recorded event can be judged to bear on them.
///
/// For a person: the person; every spouse and dependant they have had (配偶者控除 and 扶養控除
/// read their incomes, ages and disability); every household they belong to, belonged to, are
/// insured in or head, with its members (the NHI household's 所得割 and 軽減 read every member's
/// income, and its head pays); the vehicles, parcels and buildings they own or owned, with the
/// buildings on an owned parcel and the parcel under an owned building. For a vehicle, parcel or
/// building: itself, and a parcel's buildings or a building's parcel.
///
/// Deliberately generous: a relationship at any valid date counts. Whether an event actually
/// changed a figure is not judged here but by recomputing (`FactChange`).
public struct LevyInputs: Sendable {
    public let subject: String
    /// Subjects whose own events can change the levies (includes `subject` and `households`).
    public let subjects: Set<String>
    /// Households the subject belongs to, belonged to, is NHI-insured in or heads.
    public let households: Set<String>

    public init(subject: String, subjects: Set<String>, households: Set<String>) {
        self.subject = subject
        self.subjects = subjects.union(households).union([subject])
        self.households = households
    }

    /// The event is about one of the subjects, or names the subject or one of its households in a
    /// field (a vehicle transferred to the person, a newcomer to their household, a 世帯主
    /// designation naming them).
    public func bears(on event: Event) -> Bool {
        if subjects.contains(event.subject) { return true }
        func named(_ id: String) -> Bool { id == subject || households.contains(id) }
        for (index, field) in event.type.schema.fields.enumerated() {
            switch field.kind {
            case .id:
                if let id = event.payload[index]?.text, named(id) { return true }
            case .idList:
                if let ids = event.payload[index]?.list, ids.contains(where: { named($0) }) { return true }
            default:
                continue
            }
        }
        return false
    }
}

extension Population {
    /// The subjects whose facts feed `subject`'s levies in this city, from the whole valid-time
    /// history known to this state.
    public func levyInputs(of subject: String) -> LevyInputs {
        var subjects: Set<String> = [subject]
        var households: Set<String> = []
        if let person = residents[subject] {
            for entry in person.spouse.entries {
                if let spouse = entry.value { subjects.insert(spouse) }
            }
            subjects.formUnion(person.dependants.keys)
            for entry in person.household.entries { households.insert(entry.value) }
            for entry in person.nhi.entries {
                if let household = entry.value { households.insert(household) }
            }
            if let former = person.nhiToElderly { households.insert(former.household) }
        }
        for (household, heads) in householdHeads where heads.entries.contains(where: { $0.value == subject }) {
            households.insert(household)
        }
        if !households.isEmpty {
            for (id, resident) in residents where id != subject {
                let inHousehold = resident.household.entries.contains(where: { households.contains($0.value) })
                let insured = resident.nhi.entries.contains(where: { entry in entry.value.map { households.contains($0) } ?? false })
                let formerMember = resident.nhiToElderly.map { households.contains($0.household) } ?? false
                if inHousehold || insured || formerMember { subjects.insert(id) }
            }
        }
        for (id, vehicle) in vehicles where vehicle.owner.entries.contains(where: { $0.value == subject }) {
            subjects.insert(id)
        }
        for (id, parcel) in parcels {
            let owned = parcel.owners.entries.contains(where: { $0.value.contains(subject) })
            if id == subject || owned {
                subjects.insert(id)
                subjects.formUnion(parcel.buildings)
            }
        }
        for (id, building) in buildings {
            let owned = building.owners.entries.contains(where: { $0.value.contains(subject) })
            if id == subject || owned {
                subjects.insert(id)
                subjects.insert(building.parcel)
            }
        }
        return LevyInputs(subject: subject, subjects: subjects, households: households)
    }
}
