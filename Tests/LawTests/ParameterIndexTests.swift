import Testing
import Foundation
import KaiseiCore
import Law

/// The folder indexes (`revisions/<folder>/index.yaml`) declare each parameter once: key, unit,
/// description and the fiscal years the law requires it. Swift spells each key once, as a
/// constant; these tests keep the two in step.
@Suite("Parameter indexes (revisions/<folder>/index.yaml)")
struct ParameterIndexTests {
    @Test("every key the Swift constants spell is declared in its folder's index, and every index key has a Swift constant", arguments: ParameterFolder.allCases)
    func swiftKeysMatchTheIndex(folder: ParameterFolder) {
        let declared = Set(Repo.ruleBase.catalogue.specs(in: folder).map(\.key))
        let swift = Set(folder.swiftKeys)
        #expect(swift.subtracting(declared).sorted() == [], "spelled in Swift, not declared in \(folder.indexFile)")
        #expect(declared.subtracting(swift).sorted() == [], "declared in \(folder.indexFile), no Swift constant")
        #expect(folder.swiftKeys.count == swift.count, "a key listed twice in Swift")
    }

    @Test("no parameter key is written as a bare literal in Sources/Law that the key enums do not list")
    func literalKeysAreListed() throws {
        let swift = Set(ParameterFolder.allCases.flatMap(\.swiftKeys))
        let law = Repo.root.appendingPathComponent("Sources/Law")
        let files = (FileManager.default.enumerator(at: law, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 10)
        let literal = #/"((?:resident_tax|light_vehicle_tax|fixed_asset_tax|city_planning_tax|nhi|pension|certificate)\.[a-z0-9_.]*[a-z0-9_])"/#
        var found = 0
        for url in files {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: literal) {
                found += 1
                #expect(swift.contains(String(match.output.1)), "\(url.lastPathComponent): \(match.output.1) is not in any *Keys.allKeys")
            }
        }
        #expect(found > 100)
    }

    @Test("the standard catalogue is the checkout's indexes, in folder order")
    func standardIsTheCheckouts() {
        #expect(ParameterCatalogue.all.map(\.key) == Repo.ruleBase.catalogue.specs.map(\.key))
        #expect(ParameterCatalogue.all.first?.folder == .residentTax)
        #expect(ParameterCatalogue.all.last?.folder == ParameterFolder.allCases.last)
    }

    @Test("every parameter has a description, and either required years or optional: true")
    func declaredFully() {
        for spec in Repo.ruleBase.catalogue.specs {
            #expect(!spec.description.isEmpty, "\(spec.key)")
            #expect(spec.isOptional == spec.requiredYears.isEmpty, "\(spec.key)")
        }
    }

    @Test("the years the law requires are read from the index: 寡夫控除 until FY2020, ひとり親控除 from FY2021, 子ども・子育て支援金分 from FY2026")
    func requiredYears() throws {
        let c = Repo.ruleBase.catalogue
        #expect(try #require(c.spec(for: ResidentTaxKeys.widower)).requiredYears == [2013...2020])
        #expect(try #require(c.spec(for: ResidentTaxKeys.singleParent)).requiredYears == [2021...2027])
        #expect(try #require(c.spec(for: NHIKeys.incomeRate("child"))).requiredYears == [2026...2027])
        #expect(try #require(c.spec(for: LightVehicleKeys.greenFuels("t75"))).isOptional)
        #expect(try #require(c.spec(for: ResidentTaxKeys.flatReductionIncomeLimit)).isOptional)
    }

    static let misplaced = """
        id: misplaced
        title: 試験用
        law: 国民健康保険法第76条
        promulgated: 2006-03-31
        adopted: 2013-04-01T09:00:00+09:00
        status: enacted
        effective: {from: 2013}
        parameters:
          nhi.instalment_unit: {value: 100, reference: "x"}

        """

    @Test("a revision under resident-tax/ that sets an NHI parameter is refused, naming the index that declares it")
    func keyOfAnotherFolder() {
        let r = RevisionLoader.load(text: Self.misplaced, file: "revisions/resident-tax/misplaced.yaml",
                                    catalogue: Repo.ruleBase.catalogue, folder: .residentTax)
        guard case .failure(let e) = r else { Issue.record("loaded"); return }
        #expect(e.all.map(\.description) == [
            "revisions/resident-tax/misplaced.yaml:9: parameters.nhi.instalment_unit: not a parameter of resident-tax/ (revisions/nhi/index.yaml declares it): set it in a revision under revisions/nhi/",
        ])
        // In its own folder, or as a draft (no folder), the same file loads.
        #expect((try? RevisionLoader.load(text: Self.misplaced, file: "x", catalogue: Repo.ruleBase.catalogue, folder: .nhi).get()) != nil)
        #expect((try? RevisionLoader.load(text: Self.misplaced, file: "x", catalogue: Repo.ruleBase.catalogue).get()) != nil)
    }

    static let badIndexes: [(String, String)] = [
        ("parameters:\n  nhi.form:\n    unit: text\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:2: nhi.form.required: missing: the fiscal years the law requires it, such as {from: 2013}, or optional: true"),
        ("parameters:\n  nhi.form:\n    unit: words\n    required: {from: 2013}\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:3: nhi.form.unit: unknown unit \"words\" (expected one of: yen, rate, date, count, flag, yen_brackets, rate_brackets, yen_steps, yen_matrix, rate_steps, names, text)"),
        ("parameters:\n  nhi.form:\n    unit: text\n    required: {from: 2021, to: 2013}\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:4: nhi.form.required: ends (FY2013) before it starts (FY2021)"),
        ("parameters:\n  nhi.form:\n    unit: text\n    required: [{from: 2013}, {from: 2021}]\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:4: nhi.form.required: only the last range may leave out to"),
        ("parameters:\n  nhi.form:\n    unit: text\n    optional: true\n    required: {from: 2013}\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:5: nhi.form.required: an optional parameter has no required years"),
        ("parameters:\n  nhi.form:\n    unit: text\n    required: {from: 2013}\n",
         "revisions/nhi/index.yaml:2: nhi.form.description: missing: say what the parameter is"),
        ("parameters:\n  nhi.form:\n    unit: text\n    optional: true\n    allowed: vehicle_fuels\n    description: \"x\"\n",
         "revisions/nhi/index.yaml:5: nhi.form.allowed: only a names parameter lists allowed names"),
    ]

    @Test("an index entry that does not say its unit, years or description is refused with FILE:LINE: key: reason", arguments: badIndexes)
    func badIndex(text: String, message: String) {
        switch ParameterCatalogue.loadIndex(text: text, folder: .nhi, file: ParameterFolder.nhi.indexFile) {
        case .success: Issue.record("loaded")
        case .failure(let e): #expect(e.all.map(\.description) == [message])
        }
    }

    @Test("required years may be a list of ranges, and are cut to the years Kaisei covers")
    func rangeList() throws {
        let text = "parameters:\n  nhi.form:\n    unit: text\n    required: [{from: 2000, to: 2015}, {from: 2020}]\n    description: \"x\"\n"
        let specs = try ParameterCatalogue.loadIndex(text: text, folder: .nhi, file: ParameterFolder.nhi.indexFile).get()
        #expect(specs.first?.requiredYears == [2013...2015, 2020...2027])
        #expect(specs.first?.requiredYearsText == "FY2013–FY2015, FY2020–FY2027")
        #expect(specs.first?.isRequired(in: 2017) == false)
    }

    @Test("a folder without its index is refused before any revision is read")
    func missingIndex() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kaisei-rev-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Repo.revisions, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("certificates/index.yaml"))
        guard case .failure(let e) = RuleBase.load(directory: dir) else { Issue.record("loaded"); return }
        #expect(e.all.map(\.description) == ["revisions/certificates/index.yaml:1: (file): missing or not UTF-8: every folder declares its parameters in an index"])
    }
}
