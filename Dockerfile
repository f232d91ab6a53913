# One image for every shortlist process; docker-compose.yml picks the role by command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock
COPY shared ./shared
COPY services ./services
COPY shortlist ./shortlist
RUN pip install --no-cache-dir --no-deps .
RUN useradd --system --create-home shortlist && mkdir /data && chown shortlist /data
USER shortlist
CMD ["shortlist", "--help"]
