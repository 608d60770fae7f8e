public import Foundation
import SwiftASN1
import X509

extension TransportIdentity {
    /// When the node's certificate (the first of its chain) becomes valid and when it expires.
    public func certificateValidity() throws(RaftTransportError) -> (notBefore: Date, notAfter: Date) {
        do {
            let certificate = try Certificate(pemEncoded: certificateChainPEM)
            return (certificate.notValidBefore, certificate.notValidAfter)
        } catch {
            throw .certificate("the node's certificate cannot be read: \(error)")
        }
    }
}
