// A dockyard team service stack (`dockyard:mode: services`): reads the platform stack's `platformRef` and
// `teams` through a StackReference and adds this team's services. See README, "Platform stack and team stacks".
import { teamStackProgram } from "../../../stacks/team-program";

export = teamStackProgram;
