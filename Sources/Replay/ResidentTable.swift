/// A city's residents by id, the states kept in one array.
///
/// Why not `[String: ResidentState]`: a Dictionary hands a value out only as a copy, and a
/// `ResidentState` holds about twenty reference-counted timelines and maps, so every walk over
/// the residents (each fiscal year's resident tax, NHI, the count of residents) and every read
/// of a relative retained and released all of them, each a cache miss at full scale: about a
/// sixth of a fiscal year's assessment. An array lends its elements in place, so a field read
/// by position (`self[position:]`) or a function handed an element's address (`withStates`)
/// copies nothing but the fields it uses.
///
/// It keeps the few Dictionary spellings the code uses (`[id]`, `[id, default:]`, `keys`,
/// `values`, `count`, iteration as `(key, value)`), so callers that want a copy still read as
/// before. Iteration is in the order the residents were first folded, the same on every run
/// (a Dictionary's order changed from process to process); nothing depends on it, and
/// everything that prints sorts by id. There is no removal: the fold never forgets a resident.
public struct ResidentTable: Sendable, Sequence {
    @usableFromInline var slots: [String: Int] = [:]
    @usableFromInline var ids: [String] = []
    @usableFromInline var states: [ResidentState] = []

    public init() {}

    @inlinable public var count: Int { states.count }
    @inlinable public var isEmpty: Bool { states.isEmpty }
    /// Positions for a walk that reads states in place (`self[position:]`).
    @inlinable public var indices: Range<Int> { states.indices }
    /// The ids, in table order.
    @inlinable public var keys: [String] { ids }
    /// Copies of the states, in table order.
    public var values: [ResidentState] { states }

    /// The position of `id`, or nil if it was never folded.
    @inlinable public func position(of id: String) -> Int? { slots[id] }
    @inlinable public func id(at position: Int) -> String { ids[position] }

    /// The state at `position`: a field read through it copies that field only. Passed whole
    /// to a function of another module it is still copied (the compiler cannot see that the
    /// callee leaves the array alone): such walks use `withStates`.
    @inlinable public subscript(position position: Int) -> ResidentState { states[position] }

    /// The states in place, in table order (positions as `indices`): a function handed an
    /// element's address reads the fields it needs and copies nothing else.
    @inlinable public func withStates<R>(_ body: (UnsafeBufferPointer<ResidentState>) throws -> R) rethrows -> R {
        try states.withUnsafeBufferPointer(body)
    }

    /// A copy of the state, as a Dictionary's subscript gives it; setting appends a new id.
    /// Setting nil is not supported (no caller forgets a resident): it stops the program.
    public subscript(id: String) -> ResidentState? {
        get { slots[id].map { states[$0] } }
        set {
            guard let newValue else { preconditionFailure("ResidentTable keeps every resident folded") }
            if let i = slots[id] { states[i] = newValue } else { append(id, newValue) }
        }
    }

    /// The fold's accessor: the state modified in place, made on the id's first event.
    public subscript(id: String, default make: @autoclosure () -> ResidentState) -> ResidentState {
        get { slots[id].map { states[$0] } ?? make() }
        _modify {
            let i: Int
            if let found = slots[id] { i = found } else { i = states.count; append(id, make()) }
            yield &states[i]
        }
    }

    private mutating func append(_ id: String, _ state: ResidentState) {
        slots[id] = states.count
        ids.append(id)
        states.append(state)
    }

    public func makeIterator() -> Iterator { Iterator(table: self) }

    public struct Iterator: IteratorProtocol {
        let table: ResidentTable
        var position = 0
        public mutating func next() -> (key: String, value: ResidentState)? {
            guard position < table.states.count else { return nil }
            defer { position += 1 }
            return (table.ids[position], table.states[position])
        }
    }
}
