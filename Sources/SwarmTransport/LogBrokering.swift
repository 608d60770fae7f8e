/// What the log broker service asks of the manager behind it: subscriptions from managers
/// serving `docker service logs`, the subscriptions each node's agent is to publish for, and the
/// lines agents publish.
public protocol LogBrokering: Sendable {
    /// The lines `selector` names, from every node running one of those tasks, and warnings
    /// about the nodes that cannot answer; or the leader's address to ask instead. Without
    /// following, the stream ends once every such node has published all it has.
    func subscribe(_ selector: LogSelector, options: LogOptions) async throws(RequestRefusal) -> LogFeed

    /// The subscriptions node `nodeID` is to publish for, until the stream ends (this manager
    /// stopped leading, or is stopping); nil when this manager does not lead.
    func listen(nodeID: String) async -> AsyncStream<LogSubscription>?

    /// Passes on lines node `nodeID` published for subscription `subscriptionID` (only those of
    /// tasks assigned to the node); `closing`: the node has published all it has. Returns false
    /// once nobody wants the subscription's lines any more.
    func publish(_ lines: [LogLine], subscriptionID: String, from nodeID: String, closing: Bool) async -> Bool
}

/// Which tasks' logs: those of some services, and some tasks.
public struct LogSelector: Sendable, Equatable {
    public var serviceIDs: [String]
    public var taskIDs: [String]

    public init(serviceIDs: [String] = [], taskIDs: [String] = []) {
        self.serviceIDs = serviceIDs
        self.taskIDs = taskIDs
    }

    /// Whether the task `taskID` of service `serviceID` is one the selector names.
    public func selects(taskID: String, serviceID: String) -> Bool {
        serviceIDs.contains(serviceID) || taskIDs.contains(taskID)
    }
}

/// How much of the logs, as `docker service logs` asks.
public struct LogOptions: Sendable, Equatable {
    public var stdout: Bool
    public var stderr: Bool
    /// Go on with lines written later, until the subscriber hangs up.
    public var follow: Bool
    /// The last this many lines of each task's log (nil: all).
    public var tail: Int?
    /// Lines at or after this moment only (RFC 3339 with nine digits of nanoseconds, UTC).
    public var since: String?

    public init(stdout: Bool = true, stderr: Bool = true, follow: Bool = false, tail: Int? = nil, since: String? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.follow = follow
        self.tail = tail
        self.since = since
    }
}

/// One line of a task's log.
public struct LogLine: Sendable, Equatable {
    public var taskID: String
    public var serviceID: String
    public var nodeID: String
    /// RFC 3339 with nine digits of nanoseconds, UTC.
    public var timestamp: String
    public var isStandardError: Bool
    /// The line without its newline.
    public var content: [UInt8]
    /// Whether the line goes on in the next line of its stream.
    public var isPartial: Bool

    public init(taskID: String, serviceID: String, nodeID: String, timestamp: String, isStandardError: Bool, content: [UInt8], isPartial: Bool) {
        self.taskID = taskID
        self.serviceID = serviceID
        self.nodeID = nodeID
        self.timestamp = timestamp
        self.isStandardError = isStandardError
        self.content = content
        self.isPartial = isPartial
    }
}

/// What a subscriber receives.
public enum LogEvent: Sendable, Equatable {
    case lines([LogLine])
    /// Something the reader should know: a node whose logs cannot be had, say.
    case warning(String)
}

/// The answer to a subscription.
public enum LogFeed: Sendable {
    /// This manager does not lead: subscribe at `leaderAddress` (`host:port`).
    case redirect(leaderAddress: String)
    case stream(AsyncStream<LogEvent>)
}

/// A subscription handed to an agent: publish the lines of `selector`'s tasks on this node, or
/// (`isClosed`) stop publishing them.
public struct LogSubscription: Sendable, Equatable {
    public var id: String
    public var selector: LogSelector
    public var options: LogOptions
    public var isClosed: Bool

    public init(id: String, selector: LogSelector, options: LogOptions, isClosed: Bool = false) {
        self.id = id
        self.selector = selector
        self.options = options
        self.isClosed = isClosed
    }
}
