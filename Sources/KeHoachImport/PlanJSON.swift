import Foundation
import KeHoachCore

/// Reads and writes the plan interchange format `kehoach.plan/1`.
public enum PlanJSON {
    /// Pretty-printed, keys sorted, slashes unescaped: the same plan always gives the same bytes.
    public static func encode(_ plan: PlanDocument) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding these value types cannot fail: no non-finite numbers are produced by the parsers.
        var data = (try? encoder.encode(plan)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws(ImportError) -> PlanDocument {
        let plan: PlanDocument
        do {
            plan = try JSONDecoder().decode(PlanDocument.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw .invalidJSON(detail: "thiếu trường \"\(path(ctx.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw .invalidJSON(detail: "sai kiểu dữ liệu ở \"\(path(ctx.codingPath))\"")
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw .invalidJSON(detail: "thiếu giá trị ở \"\(path(ctx.codingPath))\"")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw .invalidJSON(detail: ctx.codingPath.isEmpty ? "không phải JSON hợp lệ" : "giá trị không hợp lệ ở \"\(path(ctx.codingPath))\"")
        } catch {
            throw .invalidJSON(detail: "không phải JSON hợp lệ")
        }
        guard plan.format == PlanDocument.formatName else { throw .unsupportedFormat(found: plan.format) }
        // Codes are unique within a plan (plan-format.md): a file edited by hand that repeats one is refused here,
        // with the place, rather than by the database when it is saved.
        if let i = firstRepeat(plan.tasks.map(\.code)) { throw .invalidJSON(detail: "mã \"\(plan.tasks[i].code)\" lặp lại ở \"tasks[\(i)].code\"") }
        if let i = firstRepeat(plan.indicators.map(\.code)) {
            throw .invalidJSON(detail: "mã \"\(plan.indicators[i].code)\" lặp lại ở \"indicators[\(i)].code\"")
        }
        return plan
    }

    static func firstRepeat(_ codes: [String]) -> Int? {
        var seen: Set<String> = []
        return codes.firstIndex { !seen.insert($0).inserted }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmed(of: ".")
    }
}
