import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// Docker's JSON on the wire: RFC 3339 times with fractional seconds, and responses typed
/// `application/json`.
enum DockerJSON {
    /// Docker's time format: RFC 3339 with fractional seconds, in UTC.
    private static let timeFormat = Date.ISO8601FormatStyle.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)

    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(timeFormat))
        }
        // Encoding our plain response values cannot fail.
        return ByteBuffer(data: (try? encoder.encode(value)) ?? Data("{}".utf8))
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: encode(value)))
    }

    /// Decodes a request body, naming the field that is wrong when it does not decode, and
    /// refusing fields the body's schema does not list.
    static func decode<Value: StrictRequestBody>(_ type: Value.Type, from request: Request, context: some RequestContext) async throws -> Value {
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: context.maxUploadSize))
        do {
            return try JSONDecoder().decode(StrictlyDecoded<Value>.self, from: body).body
        } catch let error as UnknownFields {
            let names = error.paths.prefix(5).map { "\($0.prefix(80))" }.joined(separator: ", ")
            throw DockerAPIError(.badRequest, "invalid JSON body: unknown field \(names); check the spelling, or this field is not supported")
        } catch let error as DecodingError {
            throw DockerAPIError(.badRequest, "invalid JSON body: \(DecodingErrorText.describe(error))")
        } catch {
            throw DockerAPIError(.badRequest, "invalid JSON body: \(error)")
        }
    }
}

/// Operator-facing text for a JSON decoding failure: which field, and what was wrong with it.
enum DecodingErrorText {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context):
            "\(path(context)) must be \(type)"
        case .valueNotFound(let type, let context):
            "\(path(context)) must be \(type), not null"
        case .keyNotFound(let key, let context):
            "\(path(context, key)) is required"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default:
            "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context, _ last: (any CodingKey)? = nil) -> String {
        let keys = context.codingPath + (last.map { [$0] } ?? [])
        let text = keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? "the body" : "field \(text)"
    }
}
