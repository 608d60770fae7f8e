import Foundation

// The log broker's types to and from their protobuf messages.

extension LogSelector {
    init(_ message: Swarmd_Logs_V1_LogSelector) {
        self.init(serviceIDs: message.serviceIds, taskIDs: message.taskIds)
    }

    var message: Swarmd_Logs_V1_LogSelector {
        var message = Swarmd_Logs_V1_LogSelector()
        message.serviceIds = serviceIDs
        message.taskIds = taskIDs
        return message
    }
}

extension LogOptions {
    init(_ message: Swarmd_Logs_V1_LogOptions) {
        self.init(
            stdout: message.stdout, stderr: message.stderr, follow: message.follow, tail: message.tail < 0 ? nil : Int(clamping: message.tail),
            since: message.since.isEmpty ? nil : message.since
        )
    }

    var message: Swarmd_Logs_V1_LogOptions {
        var message = Swarmd_Logs_V1_LogOptions()
        message.stdout = stdout
        message.stderr = stderr
        message.follow = follow
        message.tail = tail.map(Int64.init) ?? -1
        message.since = since ?? ""
        return message
    }
}

extension LogLine {
    init(_ message: Swarmd_Logs_V1_LogLine) {
        self.init(
            taskID: message.taskID, serviceID: message.serviceID, nodeID: message.nodeID, timestamp: message.timestamp,
            isStandardError: message.stream == .stderr, content: Array(message.content), isPartial: message.partial
        )
    }

    var message: Swarmd_Logs_V1_LogLine {
        var message = Swarmd_Logs_V1_LogLine()
        message.taskID = taskID
        message.serviceID = serviceID
        message.nodeID = nodeID
        message.timestamp = timestamp
        message.stream = isStandardError ? .stderr : .stdout
        message.content = Data(content)
        message.partial = isPartial
        return message
    }
}

extension LogSubscription {
    init(_ message: Swarmd_Logs_V1_LogSubscription) {
        self.init(id: message.id, selector: LogSelector(message.selector), options: LogOptions(message.options), isClosed: message.close)
    }

    var message: Swarmd_Logs_V1_LogSubscription {
        var message = Swarmd_Logs_V1_LogSubscription()
        message.id = id
        message.selector = selector.message
        message.options = options.message
        message.close = isClosed
        return message
    }
}
