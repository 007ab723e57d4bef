from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RobotsConfig(AppConfig):
    """RPA robots (数字员工) that bridge legacy vertical systems OneGo cannot integrate with: a capture robot
    copies their pending items into OneGo as cases, a write-back robot types the decided results back."""

    name = "onego.robots"
    label = "robots"
    verbose_name = _("系统对接机器人")
