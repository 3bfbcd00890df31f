import KaiseiCore

/// One line of an explanation: what was computed, the amount, the law, and the revision whose
/// value was used.
public struct TraceStep: Sendable, Equatable {
    public let label: String
    public let amount: Yen
    public let reference: String
    public let revision: String?
    public init(label: String, amount: Yen, reference: String, revision: String?) {
        self.label = label; self.amount = amount; self.reference = reference; self.revision = revision
    }
}

/// Collects steps when asked to; costs nothing on the population path when it is off.
public struct Trace: Sendable {
    public let enabled: Bool
    public private(set) var steps: [TraceStep] = []
    public init(enabled: Bool) { self.enabled = enabled }

    /// A step computed from parameters: cites the revision that set the first one named.
    @inline(__always)
    public mutating func add(_ label: @autoclosure () -> String, _ amount: @autoclosure () -> Yen, _ reference: @autoclosure () -> String,
                             _ params: ResidentTaxParameters? = nil, _ key: String? = nil) {
        guard enabled else { return }
        add(label(), amount(), reference(), set: params?.set, key)
    }

    /// The same for any tax: cites the revision that set `key` in `set`.
    /// Labels are autoclosures: on the population path (tracing off) no text is built at all.
    public mutating func add(_ label: @autoclosure () -> String, _ amount: @autoclosure () -> Yen, _ reference: @autoclosure () -> String,
                             set: ParameterSet?, _ key: String? = nil) {
        guard enabled else { return }
        let label = label(), amount = amount(), reference = reference()
        let resolved = key.flatMap { set?.resolved($0) }
        let ref = resolved.map { reference.isEmpty ? $0.reference : "\(reference) (\($0.reference))" } ?? reference
        steps.append(TraceStep(label: label, amount: amount, reference: ref, revision: resolved?.revision))
    }
}
