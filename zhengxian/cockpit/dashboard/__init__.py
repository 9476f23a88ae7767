"""The cockpit's panels (驾驶舱): each module reads one subject through the selectors of the
app that owns it, so every figure equals the one on the list behind it.

- `scope`: which unit the cockpit covers for a user, and who may open it;
- `scores`: rankings with movement, a unit's trend, its radar against the group mean;
- `projects`: key projects by status, the red list, the escalation ladder;
- `matters`: matters by state, overdue and on-time rates;
- `people`: visit coverage and attendance;
- `charts`: the ECharts options with the link each click opens.
"""
