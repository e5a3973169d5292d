// A dockyard platform stack (`dockyard:mode: platform`): creates only the Platform and exports its
// `platformRef` and the team claims it records (`teams`). See README, "Platform stack and team stacks".
import { teamStackProgram } from "../../../stacks/team-program";

export = teamStackProgram;
