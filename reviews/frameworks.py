"""The review frameworks shipped with the product, as data: questions a partnership rates itself on.

All are written in this product's own words and attributed to their sources:
- after the Nacro guide to partnership working (Mullett, 2001): its checklist for an effective
  partnership, its ingredients of a successful partnership, its signs of an ineffective one (turned
  into questions to which "yes" is good), and the ten steps of its outline plan (Table 2);
- after Berry et al. (2011), the five areas of mechanisms associated with better partnership working,
  as summarised in Crawford and Cunningham (2015), Table 4.1;
- after the Home Office's six Hallmarks of Effective Partnerships (Delivering Safer Communities, 2007).
"""

NACRO = "After the Nacro guide to partnership working (2001)"
BERRY = "After Berry et al. (2011), in Crawford and Cunningham (2015), Table 4.1"
HALLMARKS = "After the Home Office, Delivering Safer Communities (2007)"

# name -> (source, description, [(section, [(question, guidance), ...]), ...])
FRAMEWORKS = {
    "Nacro: an effective partnership": (
        NACRO,
        "The Nacro guide's checklist, its ingredients of success, its warning signs and its outline plan.",
        [
            (
                "Checklist for an effective partnership",
                [
                    ("Is there a clear vision of what the partnership will achieve?", ""),
                    ("Has the partnership agreed a clear mission, aims and objectives?", ""),
                    ("Does each partner agency have a clear mission, aims and objectives of its own?", ""),
                    ("Is the partnership served by an effective secretariat and support?", ""),
                    ("Do sub-groups report effectively within the partnership?", ""),
                    ("Does the partnership report effectively back to each partner agency?", ""),
                    (
                        "Are resources pooled: people, money, skills and equipment?",
                        "For example shared IT and analysis for the audit.",
                    ),
                    ("Is there an effective system for managing performance?", ""),
                    (
                        "Does every partner have the will to contribute money and other resources?",
                        "",
                    ),
                    (
                        "Is there a contingency plan for sudden changes?",
                        "Changes to the workplan, the annual review, the audit or the strategy.",
                    ),
                    ("Does the partnership have a plan for managing risk?", ""),
                    (
                        "Are there agreed protocols for crises, publicity, information sharing and links "
                        "with other multi-agency partnerships?",
                        "",
                    ),
                    ("Are there effective ways of communicating with interested stakeholders?", ""),
                ],
            ),
            (
                "Ingredients of a successful partnership",
                [
                    ("Does the partnership have a clear identity and clear expectations of its role?", ""),
                    ("Does each partner have a clear identity and role within the partnership?", ""),
                    ("Do partners share aims and objectives and work together on them?", ""),
                    ("Are both the way the partnership works and what it delivers properly resourced?", ""),
                    ("Are links between the agencies, and with the partnership, growing closer?", ""),
                    ("Is the partnership linked to the area's other strategies rather than working alone?", ""),
                    ("Are services, strategies and policies being realigned to build safer communities?", ""),
                    ("Is enough time given to building the partnership?", ""),
                    ("Is enough training given for every member to contribute?", ""),
                    ("Are different organisational cultures recognised so they do not block joint work?", ""),
                    (
                        "Can ideas, conflicts and criticism be raised, settled and acted on constructively?",
                        "",
                    ),
                    ("Are strategies carried through over a long enough period?", ""),
                    ("Are administrative support and resources stable over the long term?", ""),
                    ("Is political and executive leadership clear and inclusive?", ""),
                    ("Are outcomes measured carefully and constructively?", ""),
                ],
            ),
            (
                "Warning signs of an ineffective partnership",
                [
                    ("Is the partnership free of domination by one agency's agenda?", ""),
                    ("Have clashes between the partners' cultures been resolved?", ""),
                    ("Do the partnership's policies and actions support, not hinder, each agency's work?", ""),
                    ("Is the local community consulted and involved?", ""),
                    ("Is the partnership's structure formally agreed?", ""),
                    ("Does the partnership pursue long-term strategies rather than only short projects?", ""),
                    ("Can partners reconcile differences over aims and objectives?", ""),
                    ("Do partners work together rather than in isolation?", ""),
                    ("Is accountability clear?", ""),
                    ("Do partners trust one another?", ""),
                ],
            ),
            (
                "Outline plan for effective partnership working",
                [
                    ("Vision: is there an agreed vision, shared with every agency's staff?", ""),
                    (
                        "Roles and contributions: are each agency's role and expected actions clear?",
                        "Including how each agency's own policies link to crime reduction.",
                    ),
                    (
                        "Enabling contributions: can every agency contribute?",
                        "A senior lead person in each agency; a framework for sharing information; training.",
                    ),
                    ("Resources: is there a budget to which all partners contribute?", ""),
                    (
                        "Structure: is the structure clear, public and accountable?",
                        "Management groups with agreed remits; open meetings unless confidential; clear decisions.",
                    ),
                    (
                        "Processes: are meetings, the workplan and minutes well run?",
                        "Regular meetings advertised in advance; a published workplan with timescales and "
                        "responsible officers; minutes circulated promptly; action points reviewed.",
                    ),
                    ("Culture: do joint training, information and decision-making support the partnership?", ""),
                    ("Culture clash: is time set aside to understand each partner's culture?", ""),
                    (
                        "Communications: is there an agreed identity and a communications strategy?",
                        "A designated lead, agreed sign-off by partners, accessible formats.",
                    ),
                    (
                        "Annual review: is the review carried out on time and its recommendations acted on?",
                        "",
                    ),
                ],
            ),
        ],
    ),
    "Berry et al.: mechanisms of better partnership working": (
        BERRY,
        "Five areas of mechanisms that a Home Office evidence review associated with better partnerships.",
        [
            (
                "Mechanisms",
                [
                    (
                        "Leadership: is there shared vision, strong leadership and clear roles?",
                        "Shared values; strategic direction and buy-in; partnership aims built into each "
                        "organisation's aims; a clear brief; core groups overseeing problem solving.",
                    ),
                    (
                        "Data sharing and problem focus: are problems analysed and information exchanged?",
                        "Focused analysis of the problem; regular exchange of information; focused "
                        "interventions; researchers involved; continual evaluation.",
                    ),
                    (
                        "Communication and co-location: do partners meet and work side by side?",
                        "Regular face-to-face contact; agencies co-located; partners present locally.",
                    ),
                    (
                        "Structures: are structures flexible, accountable and operational?",
                        "Flexible processes; monitoring and accountability; operational groups; the most "
                        "appropriate agencies involved.",
                    ),
                    (
                        "Experience: do partners bring experience of working together?",
                        "Established relationships; secondments into joint teams; careful choice of "
                        "partners; joint training.",
                    ),
                ],
            )
        ],
    ),
    "Home Office: hallmarks of effective partnerships": (
        HALLMARKS,
        "The six hallmarks against which partnerships in England assess themselves.",
        [
            (
                "Hallmarks",
                [
                    ("Is leadership empowered and effective?", ""),
                    ("Is accountability visible and constructive?", ""),
                    ("Are the partnership's business processes led by intelligence?", ""),
                    ("Are delivery structures effective and responsive?", ""),
                    ("Are communities engaged?", ""),
                    ("Do people have the appropriate skills and knowledge?", ""),
                ],
            )
        ],
    ),
}
