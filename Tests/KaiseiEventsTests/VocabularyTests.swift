import Testing
import KaiseiCore
import KaiseiEvents

/// One choice vocabulary: the codes it has today, the codes it had when it was first stored
/// (fixed forever: a stored payload keeps a choice's position), and the fields that use it.
struct StoredVocabulary: Sendable, CustomTestStringConvertible {
    struct Field: Sendable {
        let type: EventType
        let name: String
    }
    let name: String
    let codes: [String]
    let released: [String]
    let fields: [Field]

    init<V: ChoiceVocabulary>(_ vocabulary: V.Type, released: [String], _ fields: (EventType, String)...) {
        name = "\(vocabulary)"
        codes = vocabulary.codes
        self.released = released
        self.fields = fields.map { Field(type: $0.0, name: $0.1) }
    }

    var testDescription: String { name }
}

@Suite("Choice vocabularies and typed field references")
struct VocabularyTests {
    /// Every vocabulary with the codes stored before it became an enum. Never edit a `released`
    /// list: a new code is appended to the enum, and these lists stay as they are.
    static let vocabularies: [StoredVocabulary] = [
        StoredVocabulary(Vocabulary.RegistrationReason.self, released: ["birth", "move_in", "existing"],
                         (.residentRegistered, "reason")),
        StoredVocabulary(Vocabulary.RelationshipToHead.self,
                         released: ["head", "spouse", "child", "parent", "sibling", "grandchild", "other"],
                         (.residentRegistered, "relationship_to_head"), (.residentMovedWithinCity, "relationship_to_head"),
                         (.residentHouseholdChanged, "relationship_to_head")),
        StoredVocabulary(Vocabulary.Sex.self, released: ["female", "male", "unspecified"], (.residentRegistered, "sex")),
        StoredVocabulary(Vocabulary.RelationshipKind.self, released: ["spouse", "dependant"],
                         (.relationshipStarted, "kind"), (.relationshipEnded, "kind")),
        StoredVocabulary(Vocabulary.RelationshipEndReason.self, released: ["divorce", "death", "independence", "other"],
                         (.relationshipEnded, "reason")),
        StoredVocabulary(Vocabulary.DisabilityStatus.self, released: ["none", "general", "special"],
                         (.disabilityStatusRecorded, "status")),
        StoredVocabulary(Vocabulary.FamilyStatus.self, released: ["none", "widow", "single_parent", "widower", "special_widow"],
                         (.familyStatusRecorded, "status")),
        StoredVocabulary(Vocabulary.IncomeSource.self, released: ["salary_report", "final_return", "resident_return"],
                         (.incomeDeclared, "source")),
        StoredVocabulary(Vocabulary.OneStopLapseReason.self,
                         released: ["final_return_filed", "resident_return_filed", "more_than_five_municipalities"],
                         (.oneStopExceptionLapsed, "reason")),
        StoredVocabulary(Vocabulary.LightVehicleClass.self,
                         released: ["moped_50", "moped_90", "moped_125", "minicar", "kei_motorcycle", "small_motorcycle",
                                    "small_special_agricultural", "small_special_other", "kei_three_wheel",
                                    "kei_passenger_private", "kei_passenger_business", "kei_cargo_private", "kei_cargo_business",
                                    "kei_trailer"],
                         (.lightVehicleRegistered, "class")),
        StoredVocabulary(Vocabulary.VehicleFuel.self,
                         released: ["gasoline", "diesel", "lpg", "gasoline_hybrid", "electric", "natural_gas", "methanol",
                                    "fuel_cell", "none"],
                         (.lightVehicleRegistered, "fuel")),
        StoredVocabulary(Vocabulary.FuelEconomyStandard.self, released: ["H22", "H27", "R2", "R12"],
                         (.lightVehicleRegistered, "fuel_economy_standard")),
        StoredVocabulary(Vocabulary.VehicleDeregistrationReason.self, released: ["scrapped", "exported", "moved_out", "stolen", "other"],
                         (.lightVehicleDeregistered, "reason")),
        StoredVocabulary(Vocabulary.LandCategory.self,
                         released: ["residential", "commercial", "industrial", "farmland", "forest", "miscellaneous"],
                         (.landParcelRegistered, "category")),
        StoredVocabulary(Vocabulary.LandUse.self, released: ["non_residential", "residential", "partly_residential"],
                         (.landUseRecorded, "use")),
        StoredVocabulary(Vocabulary.VacantHouseCategory.self, released: ["specified", "poorly_managed"],
                         (.vacantHouseRecommendationIssued, "category"), (.vacantHouseRecommendationWithdrawn, "category")),
        StoredVocabulary(Vocabulary.ParcelClosureReason.self, released: ["merged", "divided", "acquired_by_public_body", "other"],
                         (.landParcelClosed, "reason")),
        StoredVocabulary(Vocabulary.BuildingUse.self, released: ["dwelling", "non_dwelling", "mixed"],
                         (.buildingRegistered, "use")),
        StoredVocabulary(Vocabulary.BuildingStructure.self, released: ["wooden", "non_wooden"],
                         (.buildingRegistered, "structure")),
        StoredVocabulary(Vocabulary.NhiEntryReason.self,
                         released: ["move_in", "birth", "left_employee_insurance", "left_public_assistance", "other"],
                         (.nhiMembershipStarted, "reason")),
        StoredVocabulary(Vocabulary.NhiExitReason.self,
                         released: ["move_out", "death", "joined_employee_insurance", "late_elderly_insurance", "public_assistance", "other"],
                         (.nhiMembershipEnded, "reason")),
        StoredVocabulary(Vocabulary.JobLossReasonCode.self, released: ["11", "12", "21", "22", "31", "32", "23", "33", "34"],
                         (.involuntaryUnemploymentRecorded, "reason_code")),
        StoredVocabulary(Vocabulary.PensionEnrolmentReason.self, released: ["turned_20", "left_employment", "move_in", "other"],
                         (.nationalPensionEnrolled, "reason")),
        StoredVocabulary(Vocabulary.PensionLossReason.self, released: ["employment", "turned_60", "death", "move_out", "other"],
                         (.nationalPensionLost, "reason")),
        StoredVocabulary(Vocabulary.PensionExemptionKind.self, released: ["full", "three_quarters", "half", "quarter", "student"],
                         (.pensionExemptionApplied, "kind"), (.pensionExemptionDecided, "kind")),
        StoredVocabulary(Vocabulary.LevyTax.self,
                         released: ["resident_tax", "light_vehicle_tax", "fixed_asset_tax", "city_planning_tax", "nhi"],
                         (.levyAssessed, "tax"), (.levyCorrected, "tax"), (.paymentReceived, "tax"), (.demandNoticeIssued, "tax"),
                         (.overpaymentAppropriated, "tax"), (.overpaymentAppropriated, "target_tax"), (.overpaymentRefunded, "tax")),
        StoredVocabulary(Vocabulary.PaymentKind.self, released: ["tax", "late_interest", "demand_fee"], (.paymentReceived, "kind"), (.overpaymentAppropriated, "target_kind"),
                         (.overpaymentAppropriated, "kind"), (.overpaymentRefunded, "kind")),
        StoredVocabulary(Vocabulary.RevisionStatus.self, released: ["enacted", "draft"], (.revisionAdopted, "status")),
        StoredVocabulary(Vocabulary.CertificateKind.self, released: ["income", "non-taxation", "tax-payment", "vehicle-inspection"],
                         (.certificateIssued, "kind")),
        StoredVocabulary(Vocabulary.NameReason.self, released: ["registration", "marriage", "divorce", "adoption", "correction", "other"],
                         (.nameRecorded, "reason")),
        StoredVocabulary(Vocabulary.StaffRole.self, released: ["clerk", "analyst", "auditor", "admin"], (.staffAccountAdded, "role")),
        StoredVocabulary(Vocabulary.CorporateReturnKind.self, released: ["interim", "final", "amended"], (.corporateReturnFiled, "kind")),
        StoredVocabulary(Vocabulary.OfficeSpecialUse.self, released: ["cooperative", "vocational_school", "pollution_control", "waste_business",
                                                                  "warehouse", "lumber_storage", "brewing", "hotel",
                                                                  "livestock_market", "fresh_food_market", "port_facility", "port_storage",
                                                                  "container_terminal", "port_shed", "taxi", "airport", "distribution_facility",
                                                                  "distribution_warehouse", "letter_delivery", "disability_employment",
                                                                  "agri_processing"],
                         (.officeOpened, "special_use"), (.corporateReturnFiled, "special_use")),
    ]

    // MARK: Stored codes

    @Test("a vocabulary keeps the codes it was stored with, in order, and only grows at the end",
          arguments: VocabularyTests.vocabularies)
    func storedCodesKept(vocabulary: StoredVocabulary) {
        #expect(vocabulary.codes.count >= vocabulary.released.count)
        #expect(Array(vocabulary.codes.prefix(vocabulary.released.count)) == vocabulary.released)
        #expect(Set(vocabulary.codes).count == vocabulary.codes.count, "a code is listed twice")
    }

    @Test("each field of a vocabulary lists exactly its codes, in order, in the schema",
          arguments: VocabularyTests.vocabularies)
    func schemaListsVocabulary(vocabulary: StoredVocabulary) throws {
        for field in vocabulary.fields {
            let schema = field.type.schema
            let index = try #require(schema.index(of: field.name), "\(schema.name) has no field \(field.name)")
            #expect(schema.fields[index].kind == .choice(vocabulary.codes), "\(schema.name).\(field.name)")
        }
    }

    @Test("every choice field of every schema belongs to a vocabulary enum")
    func everyChoiceHasVocabulary() {
        let covered = Set(Self.vocabularies.flatMap { v in v.fields.map { "\($0.type.name).\($0.name)" } })
        for type in EventType.allCases {
            for field in type.schema.fields {
                guard case .choice = field.kind else { continue }
                #expect(covered.contains("\(type.name).\(field.name)"), "\(type.name).\(field.name) has no vocabulary here")
            }
        }
    }

    @Test("a writer stores a case as its position in the vocabulary")
    func writersStorePositions() {
        #expect(Vocabulary.IncomeSource.residentReturn.code == 2)
        #expect(FieldValue.choice(Vocabulary.LevyTax.nhi) == .int(4))
        #expect(EventType.taxes == Vocabulary.LevyTax.codes)
    }

    // MARK: Field references

    @Test("every field reference the fold reads resolves against its schema")
    func foldReferencesResolve() {
        var checked = 0
        for group in Mirror(reflecting: EventFields.shared).children {
            for child in Mirror(reflecting: group.value).children {
                let path = "EventFields.\(group.label ?? "?").\(child.label ?? "?")"
                guard let reference = child.value as? any FieldReference else {
                    Issue.record("\(path) is not a field reference"); continue
                }
                checked += 1
                #expect(!reference.eventTypes.isEmpty, "\(path) is read from no event type")
                for type in reference.eventTypes {
                    let fields = type.schema.fields
                    guard reference.index < fields.count else {
                        Issue.record("\(path) points past the fields of \(type.name)"); continue
                    }
                    #expect(fields[reference.index].name == reference.name, "\(path) in \(type.name)")
                    #expect(reference.canRead(fields[reference.index].kind), "\(path) reads \(type.name) as the wrong type")
                }
            }
        }
        #expect(checked > 0)
    }

    @Test("a misspelt field name is refused when resolved, naming the field")
    func misspeltNameRefused() {
        #expect(throws: FieldReferenceError.unknownField(type: .incomeDeclared, field: "salry")) {
            try FieldRef<Yen>.resolve("salry", of: [.incomeDeclared])
        }
        #expect(throws: FieldReferenceError.unknownField(type: .incomeDeclared, field: "sourse")) {
            try ChoiceRef<Vocabulary.IncomeSource>.resolve("sourse", of: [.incomeDeclared])
        }
    }

    @Test("a field read as another type is refused when resolved")
    func wrongTypeRefused() {
        #expect(throws: FieldReferenceError.wrongKind(type: .incomeDeclared, field: "salary", kind: .yen, readAs: "Bool")) {
            try FieldRef<Bool>.resolve("salary", of: [.incomeDeclared])
        }
    }

    @Test("a name at different positions in two event types is refused as one reference")
    func differentPositionsRefused() {
        #expect(throws: FieldReferenceError.differentPositions(field: "salary", types: [.incomeDeclared, .incomeCorrected])) {
            try FieldRef<Yen>.resolve("salary", of: [.incomeDeclared, .incomeCorrected])
        }
    }

    @Test("a choice field read through another vocabulary is refused")
    func otherVocabularyRefused() {
        let expected = FieldReferenceError.choicesDiffer(type: .residentRegistered, field: "relationship_to_head",
                                                         schema: Vocabulary.RelationshipToHead.codes,
                                                         vocabulary: Vocabulary.Sex.codes)
        #expect(throws: expected) {
            try ChoiceRef<Vocabulary.Sex>.resolve("relationship_to_head", of: [.residentRegistered])
        }
    }

    @Test("a misspelt field name stops the process when its references are made, naming the field")
    func misspeltNameStopsAtStartUp() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = FieldRef<Yen>("salry", of: .incomeDeclared)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("IncomeDeclared has no field \"salry\""))
    }

    @Test("a field is read by its position and a choice as the case its stored position names")
    func readsTypedValues() {
        let f = EventFields.shared.incomeDeclared
        let declared = Self.event(.incomeDeclared, [
            "income_year": .int(2019), "source": .choice(Vocabulary.IncomeSource.residentReturn), "salary": .int(5_000_000),
        ])
        #expect(declared[f.incomeYear] == 2019)
        #expect(declared[f.source] == .residentReturn)
        #expect(declared[f.salary] == Yen(5_000_000))
        #expect(declared[f.pension] == nil)
        let unknownCode = Self.event(.incomeDeclared, ["income_year": .int(2019), "source": .int(3)])
        #expect(unknownCode[f.source] == nil)
    }

    static func event(_ type: EventType, _ fields: [String: FieldValue]) -> Event {
        Event(id: "vocabulary-test", city: .okazaki, subject: "okz-r-000001", type: type,
              validDate: CivilDate(year: 2020, month: 1, day: 31)!, payload: Payload(type, fields))
    }
}
