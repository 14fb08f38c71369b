import Foundation
import KeHoachApp
import Hummingbird
import KeHoachCore

extension AppServices {
    /// The plan, period and agency a report URL (`/reports/{plan}/{period}`, `?agency=` for those who read other
    /// agencies' reports) names, after the permission checks: shared by the report form and the report documents.
    func reportScope(_ request: Request, _ context: AppContext, edit: Bool) async throws -> (User, StoredPlan, Period, Agency) {
        let user = try context.requireUser(request)
        guard let planID = StoredPlan.ID(context.parameters.get("plan") ?? ""), let plan = try await store.plan(planID),
              let period = Period(context.parameters.get("period") ?? "") else { throw HTTPError(.notFound) }
        let agencyID = try user.agencyID ?? FormFields.query(request).parsed("agency") { Agency.ID($0) }
        guard let agencyID, let agency = try await store.agency(agencyID), agency.provinceID == plan.provinceID else {
            // Without an agency of the plan's province: refused unless the user could open other agencies' reports.
            _ = try context.require(edit ? .editReport : .viewReports, request, province: plan.provinceID, agency: Agency.ID(0))
            throw HTTPError(.notFound)
        }
        _ = try context.require(edit ? .editReport : .viewReports, request, province: plan.provinceID, agency: agencyID)
        // The period must be one of the plan's calendar, or an ad-hoc request addressed to the agency.
        guard try await core.due(plan, period, agency: agencyID) != nil else { throw HTTPError(.notFound) }
        return (user, plan, period, agency)
    }
}
