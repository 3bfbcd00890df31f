import KaiseiCore

/// A parameter the law requires for a city and fiscal year that has no value in the rules as
/// adopted at the moment asked. The tax that reads it is refused, not computed as if it were 0:
/// FY2024 NHI as adopted on 1 March 2024 has no rates yet (they were adopted on 31 March).
public struct MissingParameter: Error, Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let city: City
    public let fiscalYear: Int
    /// The adoption time asked about (recorded time of the rule base); `.distantFuture` is now.
    public let asOf: RecordedTime

    /// Set, but not usable (a value out of its range): what is wrong with it, said in place of
    /// "is not set" so whoever edits the revision file is not sent looking for a missing key.
    public let problem: String?

    public init(key: String, city: City, fiscalYear: Int, asOf: RecordedTime, problem: String? = nil) {
        self.key = key; self.city = city; self.fiscalYear = fiscalYear; self.asOf = asOf; self.problem = problem
    }

    /// `nhi.medical.income_rate is not set for toyohashi FY2024 in the rules as adopted at 2024-03-01T23:59:59.999999+09:00`
    public var description: String {
        "\(key) \(problem ?? "is not set") for \(city.rawValue) \(ParameterFolder.yearLabel(fiscalYear, forKey: key)) in the rules as adopted \(asOf == .distantFuture ? "now" : "at \(asOf)")"
    }
}

extension ParameterSet {
    /// The value in force, or `MissingParameter` naming this set's city, year and adoption
    /// time: for a calculator that must refuse rather than compute from absent law.
    public func required(_ key: String) throws(MissingParameter) -> RuleBase.Resolved {
        guard let r = resolved(key) else { throw MissingParameter(key: key, city: city, fiscalYear: fiscalYear, asOf: asOf) }
        return r
    }

    /// The parameters an assessment of `folder`'s tax reads that the law requires this fiscal
    /// year (the index's `required:`) and that have no value for this city in the rules as
    /// adopted at `asOf`, in index order; empty when the tax can be assessed. NHI's include the
    /// resident tax's income rules (`ParameterCatalogue.specsRead(toAssess:)`).
    ///
    /// Checked once per city, year and tax, before assessing: the typed parameters
    /// (`NHIParameters(set)`, …) read a missing value as zero and do not check it themselves.
    public func missingRequired(in folder: ParameterFolder) -> [MissingParameter] {
        missing(among: catalogue.specsRead(toAssess: folder))
    }

    /// The same for a list of keys (the 国民年金 premiums: `NationalPensionKeys.allKeys`).
    /// A key the catalogue does not declare is not required.
    public func missingRequired(among keys: [String]) -> [MissingParameter] {
        missing(among: keys.compactMap { catalogue.spec(for: $0) })
    }

    /// Throws the first of `missingRequired(in:)`.
    public func requireAll(in folder: ParameterFolder) throws(MissingParameter) {
        if let first = missingRequired(in: folder).first { throw first }
    }

    func missing(among specs: [ParameterSpec]) -> [MissingParameter] {
        specs.compactMap { spec in
            guard spec.isRequired(in: fiscalYear), resolved(spec.key) == nil else { return nil }
            return MissingParameter(key: spec.key, city: city, fiscalYear: fiscalYear, asOf: asOf)
        }
    }
}
