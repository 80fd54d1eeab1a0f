FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
COPY schema ./schema
COPY studio ./studio
RUN npm run build
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
USER node
CMD ["node", "dist/src/main.js"]
