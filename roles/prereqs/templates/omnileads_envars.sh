# OMniLeads environment: written by oml-deploy, role prereqs. Edits are overwritten.
# Every value is one sh word (the quote filter). Read by the web app (uWSGI, manage.py), cron jobs and operators' shells (group omnileads).
export INSTALL_PREFIX={{ omnileads_prefix }}/
export DJANGO_SETTINGS_MODULE={{ omniapp_settings_module | quote }}
export PYTHONPATH={{ omnileads_prefix }}/ominicontacto
export OMNILEADS_HOSTNAME={{ omniapp_fqdn | quote }}
export OMNILEADS_IP={{ omniapp_ip | quote }}
export NGINX_HOSTNAME={{ omniapp_fqdn | quote }}
export EXTERNAL_PORT={{ external_port | quote }}
export DJANGO_PASS={{ admin_pass | quote }}

export PGHOST={{ database_ip | quote }}
export PGHOSTNAME={{ database_fqdn | quote }}
export PGPORT=5432
export PGDATABASE={{ postgres_database | quote }}
export PGUSER={{ postgres_user | quote }}
export PGPASSWORD={{ postgres_password | quote }}

export ASTERISK_IP={{ asterisk_ip | quote }}
export ASTERISK_HOSTNAME={{ asterisk_fqdn | quote }}
export ASTERISK_LOCATION={{ omnileads_prefix }}/asterisk
export AMI_USER={{ ami_user | quote }}
export AMI_PASSWORD={{ ami_password | quote }}
export SUP_AMI_USER={{ sup_ami_user | quote }}
export SUP_AMI_PASSWORD={{ sup_ami_password | quote }}

export KAMAILIO_IP={{ kamailio_ip | quote }}
export KAMAILIO_HOSTNAME={{ kamailio_fqdn | quote }}
export REDIS_HOSTNAME=localhost

export WOMBAT_HOSTNAME={{ dialer_fqdn | quote }}
export WOMBAT_IP={{ dialer_ip | quote }}
export WOMBAT_USER={{ dialer_user | quote }}
export WOMBAT_PASSWORD={{ dialer_password | quote }}

export SESSION_COOKIE_AGE={{ SCA | quote }}
export EPHEMERAL_USER_TTL={{ ECCTL | quote }}
export MONITORFORMAT={{ MONITORFORMAT | quote }}
export CALIFICACION_REAGENDA={{ schedule | quote }}
export TZ={{ TZ | quote }}
