import Foundation
import SwarmTesting
import SystemPackage
import Testing

/// Raw requests a client may get wrong, sent with curl over the API socket: each gets Docker's
/// error body with a 4xx status that names the problem, and the store is left as it was.
@Suite(.serialized) struct BadInputTests {
    @Test func malformedRequestsGetClearErrorsAndChangeNothing() throws {
        let scratch = try ScratchDirectory()
        let node = try SwarmdProcess(index: 3, directory: scratch)
        try node.start()
        _ = try node.dockerOutput(["swarm", "init", "--advertise-addr", node.host])
        let secretID = try node.dockerOutput(["secret", "create", "kept", "/etc/hostname"])

        let cases: [(method: String, path: String, body: String?, status: Int, message: String)] = [
            ("POST", "/v1.49/secrets/create", "{\"Name\": \"x\", ", 400, "invalid JSON body: not valid JSON"),
            ("POST", "/v1.49/secrets/create", "{\"Name\": 5, \"Data\": \"eA==\"}", 400, "field Name must be String"),
            ("POST", "/v1.49/secrets/create", "{\"Data\": \"eA==\"}", 400, "field Name is required"),
            ("POST", "/v1.49/secrets/create", "{\"Name\": \"z\", \"Data\": \"eA==\", \"Colour\": \"red\"}", 400, "unknown field Colour"),
            ("POST", "/v1.49/swarm/update?version=1", "{\"Name\": \"default\", \"Raft\": {\"Tick\": 1}}", 400, "unknown field Raft.Tick"),
            ("POST", "/v1.49/nodes/node3/update?version=1", "{\"Role\": \"manager\", \"Labelz\": {}}", 400, "unknown field Labelz"),
            ("POST", "/v1.49/secrets/create", "{\"Name\": \"y\", \"Data\": \"not base64!\"}", 400, "field Data must be base64"),
            ("POST", "/v1.49/secrets/create", "{\"Name\": \"-bad-\", \"Data\": \"eA==\"}", 400, "invalid secret name"),
            ("POST", "/v1.49/secrets/create", "{\"Name\": \"empty\", \"Data\": \"\"}", 400, "secret data must be larger than 0"),
            ("POST", "/v1.49/configs/create", "{\"Name\": \"Kept\", \"Data\": \"eA==\"}", 201, ""),
            ("POST", "/v1.49/secrets/\(secretID)/update?version=1", "{\"Name\": \"kept\"}", 409, "update out of sequence"),
            ("POST", "/v1.49/secrets/\(secretID)/update", "{\"Name\": \"kept\"}", 400, "invalid secret version '', expected an integer"),
            ("POST", "/v1.49/secrets/\(secretID)/update?version=99999", "{\"Name\": \"renamed\"}", 400, "only updates to Labels are allowed"),
            ("GET", "/v1.49/secrets?filters=%7Bnope", nil, 400, "invalid filter"),
            ("GET", "/v1.49/secrets?filters=%7B%22color%22%3A%7B%22x%22%3Atrue%7D%7D", nil, 400, "invalid filter 'color'"),
            ("DELETE", "/v1.49/secrets/doesnotexist", nil, 404, "secret doesnotexist not found"),
            ("GET", "/v1.49/nodes/doesnotexist", nil, 404, "node doesnotexist not found"),
            ("POST", "/v1.49/nodes/node3/update?version=1", "{\"Role\": \"manager\", \"Availability\": \"sometimes\"}", 400, "field Availability"),
            ("DELETE", "/v1.49/nodes/node3?force=maybe", nil, 400, "invalid value for query parameter force"),
            ("POST", "/v1.49/swarm/backup?priority=urgent", nil, 400, "invalid value for query parameter priority: \"urgent\" (use one of: background, normal)"),
            ("GET", "/v1.12/version", nil, 400, "Minimum supported API version is 1.24"),
            ("GET", "/v1.99/version", nil, 400, "Maximum supported API version is 1.49"),
            ("GET", "/v1.49/no/such/path", nil, 404, "page not found"),
            ("POST", "/v1.49/swarm/init", "{\"ListenAddr\": \"nowhere\"}", 503, "already part of a swarm"),
        ]
        for request in cases {
            let answer = try node.request(request.method, request.path, body: request.body)
            #expect(answer.status == request.status, "\(request.method) \(request.path): \(answer.body)")
            if request.status >= 400 {
                let message = (try? JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any])?["message"] as? String
                #expect(message?.contains(request.message) == true, "\(request.method) \(request.path): \(answer.body)")
            }
        }
        #expect(try node.dockerOutput(["secret", "ls", "--format", "{{.Name}} {{.ID}}"]) == "kept \(secretID)")
        #expect(try node.dockerOutput(["config", "ls", "--format", "{{.Name}}"]) == "Kept")
        #expect(try node.dockerOutput(["node", "inspect", "self", "--format", "{{.Spec.Availability}}"]) == "active")
        node.stop()
    }
}
