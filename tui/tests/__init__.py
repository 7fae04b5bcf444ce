"""The editor's side of the agent's behaviour tests: the Tests tab's parts."""
