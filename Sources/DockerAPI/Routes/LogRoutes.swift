import Foundation
import HTTPTypes
import Hummingbird
import SwarmManager
import SwarmState
import SwarmTransport

/// `GET /services/{id}/logs` and `GET /tasks/{id}/logs`: the lines of a service's tasks (or of
/// one task) from the nodes that run them, as Docker's multiplexed stream.
struct LogRoutes {
    let backend: any DockerBackend

    func add(to router: Router<BasicRequestContext>) {
        router.get("/services/:id/logs") { request, context in
            let service = try await backend.control().service(try context.parameters.require("id"))
            return try await stream(LogSelector(serviceIDs: [service.id.rawValue]), request)
        }
        router.get("/tasks/:id/logs") { request, context in
            let task = try await backend.control().task(try context.parameters.require("id"))
            return try await stream(LogSelector(taskIDs: [task.id.rawValue]), request)
        }
    }

    private func stream(_ selector: LogSelector, _ request: Request) async throws -> Response {
        let query = QueryParameters(request: request)
        let options = LogOptions(
            stdout: try query.flag("stdout"), stderr: try query.flag("stderr"), follow: try query.flag("follow"),
            tail: Self.tail(request.uri.queryParameters["tail"].map(String.init)), since: try Self.since(request.uri.queryParameters["since"].map(String.init))
        )
        guard options.stdout || options.stderr else {
            throw DockerAPIError(.badRequest, "Bad parameters: you must choose at least one stream (stdout=1 or stderr=1)")
        }
        let encoding = MultiplexedLogStream(timestamps: try query.flag("timestamps"), details: try query.flag("details"))
        let events = try await backend.logs(selector, options: options)
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.docker.multiplexed-stream"
        return Response(status: .ok, headers: headers, body: ResponseBody(asyncSequence: encoding.frames(of: events)))
    }

    /// `tail`: a number of lines, or `all` (as Docker, anything not a number of lines is all).
    private static func tail(_ value: String?) -> Int? {
        value.flatMap(Int.init).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// `since`: seconds since 1970 with an optional fraction (what the CLI sends for any form of
    /// `--since`), as the logs' RFC 3339 timestamps; absent or 0 is no bound.
    private static func since(_ value: String?) throws -> String? {
        guard let value, !value.isEmpty, value != "0" else { return nil }
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let seconds = Int64(parts[0]), seconds >= 0,
              parts.count == 1 || (1...9).contains(parts[1].count) && parts[1].allSatisfy(\.isNumber)
        else {
            throw DockerAPIError(.badRequest, "invalid value for query parameter since: \"\(value.prefix(40))\" (use seconds since 1970, such as 1700000000.5)")
        }
        let fraction = parts.count == 2 ? String(parts[1]) : ""
        let nanoseconds = Int(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
        var time = time_t(seconds)
        var utc = tm()
        gmtime_r(&time, &utc)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%09dZ", Int(utc.tm_year) + 1900, Int(utc.tm_mon) + 1, Int(utc.tm_mday),
            Int(utc.tm_hour), Int(utc.tm_min), Int(utc.tm_sec), nanoseconds
        )
    }
}
