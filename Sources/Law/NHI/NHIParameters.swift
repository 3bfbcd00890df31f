/// The parameters an NHI levy reads, resolved once per city and fiscal year: the NHI values
/// and the resident tax's (whose income computation the 所得割 base uses).
public final class NHIParameters: Sendable {
    public let set: ParameterSet
    let residentTax: ResidentTaxParameters
    public init(_ set: ParameterSet) {
        self.set = set
        residentTax = ResidentTaxParameters(set)
    }
}
