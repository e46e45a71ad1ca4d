# Run with `manage.py shell`: makes sure the web admin user exists with the password in the
# environment (DJANGO_PASS, from the envars file; never on a command line).
# OML_ADMIN_CHECK=1: change nothing, exit 0 when already as wanted and 1 otherwise.
import os
import sys

from django.contrib.auth import get_user_model

User = get_user_model()
name = os.environ.get("OML_ADMIN_USER", "admin")
password = os.environ["DJANGO_PASS"]
user = User.objects.filter(username=name).first()
ok = user is not None and user.is_superuser and user.is_active and user.check_password(password)
if os.environ.get("OML_ADMIN_CHECK") == "1":
    sys.exit(0 if ok else 1)
if not ok:
    if user is None:
        User.objects.create_superuser(username=name, email="", password=password)
        print(f"created superuser {name}")
    else:
        user.is_superuser = user.is_staff = user.is_active = True
        user.set_password(password)
        user.save()
        print(f"updated superuser {name}")
