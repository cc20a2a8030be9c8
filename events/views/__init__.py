"""Workshop views, split by who uses them; thin: parse, call a selector or one service, render.

`calendar` (the public calendar and registering), `participation` (a participant's own
registrations), `feeds` (ICS downloads and the personal calendar feed), `manage` (an organiser's
workshops) and `check_in` (an organiser's participant lists). Rows another tenant owns answer
404 (they do not exist for the viewer); an action above the viewer's role inside their own partner
answers 403. The organiser checks are written once, in `_organiser.py`.
"""
