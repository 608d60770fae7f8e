/// Decides whether a key-value history is linearizable: whether every operation can be given one
/// instant between its invocation and its completion such that, in the order of those instants,
/// every get reads the value of the latest put to its key (absent before any).
///
/// A store is linearizable exactly when each key's history is on its own (linearizability is
/// compositional), so keys are searched one at a time, in sorted order, with the Wing–Gong–Lowe
/// search and memoised (ordered operations, register value) states, the approach of the Porcupine
/// checker.
///
/// Outcomes: `.failed` operations and `.unknown` gets are left out, as neither constrains the
/// order. An `.unknown` put may take effect at any instant after its invocation, or never: it is
/// searched as an operation that completes after everything else and may be left unordered.
/// Unknown puts whose value no get read are left out too: "never took effect" explains them, and
/// leaving them out keeps the search small.
public enum LinearizabilityChecker {
    /// Checks `operations`, giving up with `.undecided` once `timeLimit` has passed.
    ///
    /// Every operation whose outcome is not `.unknown` must have a `completedAt` no earlier than
    /// its `invokedAt` (checked by precondition).
    public static func check(_ operations: [KeyValueOperation], timeLimit: Duration = .seconds(30)) -> LinearizabilityVerdict {
        let deadline = ContinuousClock.now.advanced(by: timeLimit)
        let operationsByKey = Dictionary(grouping: operations, by: \.key)
        for (key, keyOperations) in operationsByKey.sorted(by: { $0.key < $1.key }) {
            let history = RegisterHistory(key: key, operations: keyOperations)
            var search = RegisterSearch(history: history, deadline: deadline)
            switch search.run() {
            case .linearizable:
                continue
            case .noLinearization(let deadEnd):
                return .violation(key: key, explanation: history.explanation(of: deadEnd))
            case .timedOut:
                return .undecided(key: key)
            }
        }
        return .linearizable
    }
}

// MARK: - One key's history

/// A value the register can hold, interned per key so that search states compare as integers.
private struct RegisterValue: Hashable {
    /// The key is absent: the register's value before any put.
    static let absent = RegisterValue(index: 0)

    let index: Int
}

/// The distinct values seen on one key, each with its `RegisterValue`.
private struct RegisterValueTable {
    private var indexByValue: [String: RegisterValue] = [:]
    private var values: [String?] = [nil]

    mutating func intern(_ value: String?) -> RegisterValue {
        guard let value else { return .absent }
        if let interned = indexByValue[value] { return interned }
        let interned = RegisterValue(index: values.count)
        values.append(value)
        indexByValue[value] = interned
        return interned
    }

    /// `value` as an operator reads it: quoted, or `absent`.
    func name(of value: RegisterValue) -> String {
        values[value.index].map { String(reflecting: $0) } ?? "absent"
    }
}

/// What an operation does to the register when it takes effect.
private enum RegisterEffect {
    /// A put: the register holds the value afterwards.
    case write(RegisterValue)
    /// An answered get: legal only while the register holds the value it read.
    case read(RegisterValue)

    /// The register's value after this effect on `current`, or `nil` when it is not legal there.
    func apply(to current: RegisterValue) -> RegisterValue? {
        switch self {
        case .write(let value): value
        case .read(let value): value == current ? current : nil
        }
    }
}

/// Where an event sorts among events at the same time: invocations first, so operations that only
/// touch count as concurrent; the ends of unanswered operations after everything else.
private enum EventKind: Int {
    case invocation
    case completion
    /// The end of an operation with an unknown outcome, placed after every answered completion.
    case unknownCompletion
}

/// An operation's invocation or completion, the step the search walks.
private struct RegisterEvent {
    /// The operation's index in `RegisterHistory.operations`.
    let operation: Int
    let kind: EventKind
    let time: UInt64
}

/// How many operations on a key were left out of its search, and why; reported with a violation.
private struct LeftOutOperations {
    var failed = 0
    var unansweredGets = 0
    var unreadUnansweredPuts = 0

    /// A sentence naming what was left out, or `nil` when nothing was.
    var sentence: String? {
        let counted: [(count: Int, one: String, many: String)] = [
            (failed, "failed operation", "failed operations"),
            (unansweredGets, "unanswered get", "unanswered gets"),
            (unreadUnansweredPuts, "unanswered put whose value no get read", "unanswered puts whose values no get read"),
        ]
        let parts = counted.filter { $0.count > 0 }.map { "\($0.count) \($0.count == 1 ? $0.one : $0.many)" }
        guard !parts.isEmpty else { return nil }
        return "Left out, as they cannot constrain the order: \(parts.joined(separator: ", "))."
    }
}

/// One key's operations prepared for the search: only those that can constrain the order, each
/// with its effect on the register, and their invocation and completion events in time order.
private struct RegisterHistory {
    let key: String
    let operations: [KeyValueOperation]
    let effects: [RegisterEffect]
    let values: RegisterValueTable
    let leftOut: LeftOutOperations
    /// Every event, sorted by time then `EventKind`.
    let events: [RegisterEvent]
    /// For each operation, the position of its invocation in `events`.
    let invocationEvent: [Int]
    /// For each operation, the position of its completion in `events`.
    let completionEvent: [Int]
    /// The key's first invocation time; explanations give times relative to it.
    let origin: UInt64

    init(key: String, operations keyOperations: [KeyValueOperation]) {
        let valuesRead = Set(keyOperations.compactMap(\.presentValueRead))
        var kept: [KeyValueOperation] = []
        var effects: [RegisterEffect] = []
        var values = RegisterValueTable()
        var leftOut = LeftOutOperations()
        for operation in keyOperations {
            switch (operation.kind, operation.outcome) {
            case (_, .failed):
                leftOut.failed += 1
            case (.get, .unknown):
                leftOut.unansweredGets += 1
            case (.put(let value), .unknown) where !valuesRead.contains(value):
                leftOut.unreadUnansweredPuts += 1
            case (.put(let value), _):
                kept.append(operation)
                effects.append(.write(values.intern(value)))
            case (.get, .ok(let value)):
                kept.append(operation)
                effects.append(.read(values.intern(value)))
            }
        }
        self.key = key
        self.operations = kept
        self.effects = effects
        self.values = values
        self.leftOut = leftOut
        self.origin = keyOperations.map(\.invokedAt).min() ?? 0
        let events = Self.sortedEvents(of: kept)
        var invocationEvent = Array(repeating: 0, count: kept.count)
        var completionEvent = Array(repeating: 0, count: kept.count)
        for (position, event) in events.enumerated() {
            if event.kind == .invocation {
                invocationEvent[event.operation] = position
            } else {
                completionEvent[event.operation] = position
            }
        }
        self.events = events
        self.invocationEvent = invocationEvent
        self.completionEvent = completionEvent
    }

    private static func sortedEvents(of operations: [KeyValueOperation]) -> [RegisterEvent] {
        var events: [RegisterEvent] = []
        events.reserveCapacity(operations.count * 2)
        for (index, operation) in operations.enumerated() {
            events.append(RegisterEvent(operation: index, kind: .invocation, time: operation.invokedAt))
            if let completedAt = answeredCompletionTime(of: operation) {
                events.append(RegisterEvent(operation: index, kind: .completion, time: completedAt))
            } else {
                events.append(RegisterEvent(operation: index, kind: .unknownCompletion, time: .max))
            }
        }
        // The operation index breaks ties so that equal histories always search alike.
        events.sort { ($0.time, $0.kind.rawValue, $0.operation) < ($1.time, $1.kind.rawValue, $1.operation) }
        return events
    }

    /// When `operation` was answered, or `nil` for an unknown outcome.
    private static func answeredCompletionTime(of operation: KeyValueOperation) -> UInt64? {
        guard operation.outcome != .unknown else { return nil }
        guard let completedAt = operation.completedAt else {
            preconditionFailure("client \(operation.client)'s answered operation on \(operation.key) has no completedAt")
        }
        precondition(
            completedAt >= operation.invokedAt,
            "client \(operation.client)'s operation on \(operation.key) completed at \(completedAt), before its invocation at \(operation.invokedAt)"
        )
        return completedAt
    }
}

extension KeyValueOperation {
    /// For an answered get that found the key, the value it read; `nil` otherwise.
    fileprivate var presentValueRead: String? {
        if case .get = kind, case .ok(let value) = outcome { value } else { nil }
    }
}

// MARK: - Explanations

extension RegisterHistory {
    private static let shownOpenLimit = 8

    /// A violation as an operator reads it: how far the search got and what it could not order.
    func explanation(of deadEnd: DeadEnd) -> String {
        var sentences = [
            "No order of the \(operations.count) operations on key \(String(reflecting: key)) respects both real time "
                + "and the values read (times in ns since the key's first invocation)."
        ]
        let reached: String
        if deadEnd.orderedCount == 0 {
            reached = "Before any operation takes effect the register is absent"
        } else {
            let lead = deadEnd.orderedCount > deadEnd.lastOrdered.count ? ", ending with " : ": "
            let shown = deadEnd.lastOrdered.map(describe).joined(separator: "; ")
            reached = "The longest order found takes \(deadEnd.orderedCount) of them\(lead)\(shown); "
                + "the register then holds \(values.name(of: deadEnd.registerValue))"
        }
        let open = deadEnd.open.prefix(Self.shownOpenLimit).map(describe).joined(separator: "; ")
        let more = deadEnd.open.count > Self.shownOpenLimit ? " and \(deadEnd.open.count - Self.shownOpenLimit) more" : ""
        sentences.append(
            "\(reached), and \(describe(deadEnd.blocked)) must take effect before it completes, "
                + "but no open operation can be taken next. Open then: \(open)\(more)."
        )
        if let leftOutSentence = leftOut.sentence {
            sentences.append(leftOutSentence)
        }
        return sentences.joined(separator: " ")
    }

    /// For example `client 3 get → "a" [+40…+50]` or `client 2 put "b" [+20…unanswered]`.
    private func describe(_ index: Int) -> String {
        let operation = operations[index]
        let action = switch effects[index] {
        case .write(let value): "put \(values.name(of: value))"
        case .read(let value): "get → \(values.name(of: value))"
        }
        let end = Self.answeredCompletionTime(of: operation).map { "+\($0 - origin)" } ?? "unanswered"
        return "client \(operation.client) \(action) [+\(operation.invokedAt - origin)…\(end)]"
    }
}

// MARK: - The search

/// The operations a search has ordered: a bitset, with a hash kept up to date on every change
/// (Zobrist hashing) so hashing a search state does not walk the bitset.
private struct LinearizedOperations: Hashable {
    private var words: [UInt64]
    private var fingerprint: UInt64 = 0

    init(operationCount: Int) {
        words = Array(repeating: 0, count: (operationCount + 63) / 64)
    }

    mutating func insert(_ operation: Int) {
        assert(!contains(operation), "operation \(operation) ordered twice")
        toggle(operation)
    }

    mutating func remove(_ operation: Int) {
        assert(contains(operation), "operation \(operation) removed but never ordered")
        toggle(operation)
    }

    static func == (lhs: LinearizedOperations, rhs: LinearizedOperations) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    private func contains(_ operation: Int) -> Bool {
        words[operation / 64] & (1 << UInt64(operation % 64)) != 0
    }

    private mutating func toggle(_ operation: Int) {
        words[operation / 64] ^= 1 << UInt64(operation % 64)
        fingerprint ^= Self.randomBits(for: operation)
    }

    /// Fixed pseudo-random bits per operation (the SplitMix64 finalizer); the set's fingerprint is
    /// the XOR of its members' bits.
    private static func randomBits(for operation: Int) -> UInt64 {
        var bits = (UInt64(operation) &+ 1) &* 0x9E37_79B9_7F4A_7C15
        bits = (bits ^ (bits >> 30)) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ (bits >> 27)) &* 0x94D0_49BB_1331_11EB
        return bits ^ (bits >> 31)
    }
}

/// A point of the search: which operations are ordered and what the register then holds. The
/// futures that follow depend on nothing else, so a state seen once is not searched again.
private struct SearchState: Hashable {
    let linearized: LinearizedOperations
    let registerValue: RegisterValue
}

/// The furthest point a failed search reached, kept to explain the violation: how many operations
/// it had ordered (and the last few), the register's value, the operation whose completion forced
/// it back, and the operations open (invoked, not ordered) at that point.
private struct DeadEnd {
    /// How many of the last ordered operations an explanation shows.
    static let keptOrderedLimit = 4

    let orderedCount: Int
    let lastOrdered: [Int]
    let registerValue: RegisterValue
    let blocked: Int
    let open: [Int]
}

/// The Wing–Gong–Lowe search over one key (Lowe, "Testing for linearizability", 2017).
///
/// Walk the events in time order. At an invocation, try to order that operation next (its effect
/// must be legal on the register and lead to a state not seen before), then restart from the first
/// event left. At the completion of an operation not yet ordered, undo the last choice and try the
/// next invocation after it. Events of ordered operations are unlinked from a doubly linked list,
/// and relinked on undo, so each walk skips them.
private struct RegisterSearch {
    enum Conclusion {
        case linearizable
        case noLinearization(DeadEnd)
        case timedOut
    }

    /// Reading the clock costs about as much as a step, so the deadline is checked every so often.
    private static let stepsPerClockRead = 1024

    private let history: RegisterHistory
    private let deadline: ContinuousClock.Instant
    /// The list's sentinels, just past the event positions.
    private let head: Int
    private let tail: Int
    private var next: [Int]
    private var previous: [Int]
    private var registerValue = RegisterValue.absent
    private var linearized: LinearizedOperations
    private var ordered: [(operation: Int, valueBefore: RegisterValue)] = []
    private var explored: Set<SearchState> = []
    private var deepestDeadEnd: DeadEnd?
    private var stepCount = 0

    init(history: RegisterHistory, deadline: ContinuousClock.Instant) {
        self.history = history
        self.deadline = deadline
        let eventCount = history.events.count
        let head = eventCount
        let tail = eventCount + 1
        var next = Array(repeating: tail, count: eventCount + 2)
        var previous = Array(repeating: head, count: eventCount + 2)
        var last = head
        for event in 0..<eventCount {
            next[last] = event
            previous[event] = last
            last = event
        }
        next[last] = tail
        previous[tail] = last
        self.head = head
        self.tail = tail
        self.next = next
        self.previous = previous
        self.linearized = LinearizedOperations(operationCount: history.operations.count)
    }

    mutating func run() -> Conclusion {
        var entry = next[head]
        while hasTimeLeft() {
            guard entry != tail else { return .linearizable }
            let event = history.events[entry]
            switch event.kind {
            case .unknownCompletion:
                // Every answered operation is ordered; the unanswered puts still open can take
                // effect after all of them (a put is always legal), or never.
                return .linearizable
            case .completion:
                let deepest = noteDeadEnd(blockedBy: event.operation, at: entry)
                guard let undone = undoLastOrdered() else { return .noLinearization(deepest) }
                entry = next[history.invocationEvent[undone]]
            case .invocation:
                entry = order(event.operation) ? next[head] : next[entry]
            }
        }
        return .timedOut
    }

    private mutating func hasTimeLeft() -> Bool {
        defer { stepCount += 1 }
        return !stepCount.isMultiple(of: Self.stepsPerClockRead) || ContinuousClock.now < deadline
    }

    /// Orders `operation` next if that is legal and leads to an unexplored state.
    private mutating func order(_ operation: Int) -> Bool {
        guard let valueAfter = history.effects[operation].apply(to: registerValue) else { return false }
        var linearizedAfter = linearized
        linearizedAfter.insert(operation)
        guard explored.insert(SearchState(linearized: linearizedAfter, registerValue: valueAfter)).inserted else {
            return false
        }
        ordered.append((operation, registerValue))
        linearized = linearizedAfter
        registerValue = valueAfter
        unlinkEvents(of: operation)
        return true
    }

    /// Takes back the last ordered operation and returns it, or `nil` when nothing is ordered.
    private mutating func undoLastOrdered() -> Int? {
        guard let last = ordered.popLast() else { return nil }
        registerValue = last.valueBefore
        linearized.remove(last.operation)
        relinkEvents(of: last.operation)
        return last.operation
    }

    /// Keeps the dead end at `entry` if the search has ordered more operations than at any earlier
    /// one, and returns the deepest dead end so far.
    private mutating func noteDeadEnd(blockedBy blocked: Int, at entry: Int) -> DeadEnd {
        if let deepest = deepestDeadEnd, deepest.orderedCount >= ordered.count { return deepest }
        var open: [Int] = []
        var cursor = next[head]
        while cursor != entry, cursor != tail {
            let event = history.events[cursor]
            if event.kind == .invocation { open.append(event.operation) }
            cursor = next[cursor]
        }
        let deadEnd = DeadEnd(
            orderedCount: ordered.count,
            lastOrdered: ordered.suffix(DeadEnd.keptOrderedLimit).map { $0.operation },
            registerValue: registerValue,
            blocked: blocked,
            open: open
        )
        deepestDeadEnd = deadEnd
        return deadEnd
    }

    private mutating func unlinkEvents(of operation: Int) {
        unlink(event: history.invocationEvent[operation])
        unlink(event: history.completionEvent[operation])
    }

    /// Relinks in the reverse order of unlinking, so each event's kept neighbours are current.
    private mutating func relinkEvents(of operation: Int) {
        relink(event: history.completionEvent[operation])
        relink(event: history.invocationEvent[operation])
    }

    private mutating func unlink(event: Int) {
        next[previous[event]] = next[event]
        previous[next[event]] = previous[event]
    }

    private mutating func relink(event: Int) {
        next[previous[event]] = event
        previous[next[event]] = event
    }
}
