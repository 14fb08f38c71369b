import Foundation
import HummingbirdTesting
import KeHoachWeb
import NIOCore
import OpenAPIKit
import Testing

/// The OpenAPI document (Resources/openapi.json, served at /api/openapi.json) read by an independent library,
/// OpenAPIKit: a valid OpenAPI 3.1 document whose paths are exactly the API routes the router serves, each with its
/// path parameters declared and a JSON answer described.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("the served document is valid OpenAPI 3.1 and describes every API route, and only those, with its path parameters and a JSON answer")
    func matchesRoutes() async throws {
        let f = try await WebFixture.make()
        defer { f.remove() }
        let data = try await f.test { client in
            var b = Browser(client)
            _ = try await b.signIn("coordinator")
            return Data(try await b.get("/api/openapi.json").body.readableBytesView)
        }
        let document = try JSONDecoder().decode(OpenAPI.Document.self, from: data)
        try document.validate()
        let served = Set(f.routes.entries.filter { $0.path.hasPrefix("/api/v1") }.map { "\($0.method) \($0.path)" })
        var documented: Set<String> = []
        for (path, entry) in document.paths {
            guard let item = document.components[entry] else { Issue.record("\(path.rawValue): a reference that leads nowhere"); continue }
            let route = "/" + path.components.map { $0.hasPrefix("{") ? ":" + $0.dropFirst().dropLast() : $0 }.joined(separator: "/")
            for endpoint in item.endpoints {
                documented.insert("\(endpoint.method.rawValue) \(route)")
                // Every {name} of the path is a declared path parameter (on the path or the operation).
                let declared = (item.parameters + endpoint.operation.parameters).compactMap { document.components[$0] }
                    .filter { $0.location == .path }.map(\.name)
                for name in path.components where name.hasPrefix("{") {
                    #expect(declared.contains(String(name.dropFirst().dropLast())), "\(path.rawValue): \(name) is not declared")
                }
                let ok = endpoint.operation.responses[status: 200].flatMap { document.components[$0] }
                #expect(ok?.content[.json] != nil, "\(endpoint.method.rawValue) \(path.rawValue): no JSON answer described")
            }
        }
        #expect(!served.isEmpty)
        #expect(documented == served, "documented, not served: \(documented.subtracting(served)); served, not documented: \(served.subtracting(documented))")
    }
}
